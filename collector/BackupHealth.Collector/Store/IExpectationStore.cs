using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Store;

/// <summary>The expectations people set per job (how often it must run, on what schedule, with what grace), with
/// what the job's own listing states and its newest runs to judge them by.</summary>
internal interface IExpectationStore
{
    /// <summary>The job's setting and history, or null when there is no such job.</summary>
    Task<StoredExpectation?> LoadAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Stores the setting; false when there is no such job.</summary>
    Task<bool> SetAsync(long jobId, ExpectationSetting setting, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes the setting (the job goes back to learned or default); false when there is no such job.</summary>
    Task<bool> ClearAsync(long jobId, CancellationToken cancellationToken);
}
