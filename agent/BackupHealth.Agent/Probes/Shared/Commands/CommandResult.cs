namespace BackupHealth.Agent.Probes.Shared.Commands;

/// <summary>How a program run ended and what it printed.</summary>
/// <param name="ExitCode">-1 when it did not start or was killed at its timeout.</param>
/// <param name="StandardError">The last <see cref="ProcessCommandRunner.MaxErrorChars"/> characters: the end of stderr
/// is where programs say why they failed.</param>
/// <param name="StartError">Why the program could not be started (not found, not executable); null when it ran.</param>
internal sealed record CommandResult(
    int ExitCode,
    string StandardOutput,
    string StandardError,
    bool TimedOut = false,
    bool OutputTruncated = false,
    string? StartError = null)
{
    public bool Started => StartError is null;

    /// <summary>A one-line reason for a probe's message when the run did not end well: the start error, the timeout,
    /// or the exit code with the last line(s) of stderr.</summary>
    public string Describe(CommandSpec command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (StartError is not null)
        {
            return $"cannot run {command.FileName}: {StartError}";
        }

        if (TimedOut)
        {
            return $"{command.Display} did not finish within {command.Timeout} and was stopped";
        }

        var error = StandardError.Trim();
        return error.Length == 0
            ? $"{command.Display} exited with code {ExitCode}"
            : $"{command.Display} exited with code {ExitCode}: {error}";
    }
}
