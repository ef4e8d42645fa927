using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Store;

/// <summary>What the alert evaluator reads and writes: one consistent snapshot for the rules, then one unit of work in
/// which the alerts are reconciled and their notifications queued — committed together or not at all, so a
/// notification never exists without the alert change it reports, nor the change without its notification.</summary>
internal interface IEvaluationStore
{
    /// <summary>Everything the rules look at, as of one point in time, in id order (the same store gives the same
    /// snapshot). Never holds up ingest.</summary>
    Task<EvaluationSnapshot> LoadSnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one unit of work, committed when it returns and rolled back when it
    /// throws. The work is synchronous: it runs on the store's side, off the caller's thread.</summary>
    Task<T> InUnitOfWorkAsync<T>(Func<IAlertUnitOfWork, T> work, CancellationToken cancellationToken);
}
