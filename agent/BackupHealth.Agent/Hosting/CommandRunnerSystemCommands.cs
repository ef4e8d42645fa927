using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.ServiceInstall;

namespace BackupHealth.Agent.Hosting;

/// <summary>Install's system commands through <see cref="ICommandRunner"/>, the seam every program the agent runs
/// goes through.</summary>
internal sealed class CommandRunnerSystemCommands(ICommandRunner runner) : ISystemCommands
{
    /// <summary>systemctl enable --now waits for the service's READY; a service that cannot start fails sooner.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public async Task<SystemCommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new CommandSpec(fileName, arguments, Timeout), cancellationToken);
        return new SystemCommandResult(result.ExitCode, result.StandardOutput, result.StandardError,
            result.StartError ?? (result.TimedOut ? $"did not finish within {Timeout.TotalMinutes:0} min" : null));
    }
}
