namespace BackupHealth.Agent.Probes.Restic;

/// <summary>What one job is in a restic repository: restic has no jobs, only snapshots with a host and paths.</summary>
internal enum ResticJobPer
{
    /// <summary>Every snapshot the probe lists (after its Host/Tags/Paths filters) is a run of one job.</summary>
    Repository,

    /// <summary>One job per host name.</summary>
    Host,

    /// <summary>One job per host name and set of backed-up paths (restic's own default grouping).</summary>
    HostAndPaths,
}
