namespace BackupHealth.ServiceInstall;

/// <summary>Runs the system's tools (systemctl, useradd, chown). Install goes through this one seam so that a test
/// sees exactly what would run, and so that each program brings its own process runner.</summary>
internal interface ISystemCommands
{
    /// <summary>Runs the program to its end. A program that cannot be started is reported in the result.</summary>
    Task<SystemCommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}

/// <param name="StartError">Why the program could not be started; null when it ran.</param>
internal sealed record SystemCommandResult(int ExitCode, string StandardOutput, string StandardError, string? StartError = null)
{
    public bool Succeeded => StartError is null && ExitCode == 0;
}
