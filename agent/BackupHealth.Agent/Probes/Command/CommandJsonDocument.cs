namespace BackupHealth.Agent.Probes.Command;

/// <summary>The object form of <see cref="CommandOutputMode.Json"/> output: the runs (as the plain array holds them)
/// and the jobs the source lists.</summary>
internal sealed class CommandJsonDocument
{
    public List<CommandJsonObservation?>? Runs { get; set; }

    /// <summary>Null when the script lists no jobs (the collector keeps the list it had); empty when the source has none.</summary>
    public List<CommandJsonJob?>? Jobs { get; set; }
}
