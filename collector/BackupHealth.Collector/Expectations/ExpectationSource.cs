namespace BackupHealth.Collector.Expectations;

/// <summary>Where a job's expectation came from, in order of precedence.</summary>
internal enum ExpectationSource
{
    /// <summary>A person set it for this job.</summary>
    Set = 1,

    /// <summary>Learned from the job's own successful runs.</summary>
    Learned = 2,

    /// <summary>Too little history: the configured default.</summary>
    Default = 3,
}
