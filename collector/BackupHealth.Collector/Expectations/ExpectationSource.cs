namespace BackupHealth.Collector.Expectations;

/// <summary>Where a job's expectation came from. Precedence: <see cref="Set"/>, <see cref="Stated"/>,
/// <see cref="Learned"/>, <see cref="Default"/> (the numbers are not the order).</summary>
internal enum ExpectationSource
{
    /// <summary>A person set it for this job.</summary>
    Set = 1,

    /// <summary>Learned from the job's own successful runs.</summary>
    Learned = 2,

    /// <summary>Too little history: the configured default.</summary>
    Default = 3,

    /// <summary>The job's source states its schedule (Proxmox job, Veeam next run, a script's listing).</summary>
    Stated = 4,
}
