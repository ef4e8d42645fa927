namespace BackupHealth.Agent.Probes.Shared.Commands;

/// <summary>Runs an external program for a probe (veeamconfig, restic, borg, an MSP's own script). Every CLI probe
/// goes through this one seam, so timeouts, process-tree kills and output capture behave the same everywhere and a
/// probe's parsing can be tested from recorded output.</summary>
internal interface ICommandRunner
{
    /// <summary>Runs the command to its end or its timeout. A program that cannot be started is reported in the
    /// result (<see cref="CommandResult.StartError"/>), not thrown.</summary>
    Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken);
}
