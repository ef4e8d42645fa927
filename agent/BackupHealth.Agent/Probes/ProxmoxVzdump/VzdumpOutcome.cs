namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>What the task log says became of one guest.</summary>
internal enum VzdumpOutcome
{
    /// <summary>Started; neither finished nor failed (yet).</summary>
    Started,
    Finished,
    Failed,
}
