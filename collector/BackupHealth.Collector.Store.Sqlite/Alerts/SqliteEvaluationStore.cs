using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Store.Sqlite.Notify;
using Microsoft.Data.Sqlite;

namespace BackupHealth.Collector.Store.Sqlite.Alerts;

/// <summary>The evaluator's store: the snapshot from one read transaction on a read-only connection (WAL gives it one
/// point in time and never holds up the ingest writer), and each unit of work through the store's writer, in a
/// savepoint of its own in the writer's next group.</summary>
internal sealed class SqliteEvaluationStore(SqliteConnectionFactory connections, StoreWriter writer) : IEvaluationStore
{
    private readonly SnapshotLoader _snapshots = new(connections);

    public Task<EvaluationSnapshot> LoadSnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _snapshots.LoadAsync(now, cancellationToken);

    public Task<T> InUnitOfWorkAsync<T>(Func<IAlertUnitOfWork, T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return writer.WriteAsync((connection, transaction) => work(new UnitOfWork(connection, transaction)), cancellationToken: cancellationToken);
    }

    private sealed class UnitOfWork(SqliteConnection connection, SqliteTransaction transaction) : IAlertUnitOfWork
    {
        public IAlertTable Alerts { get; } = new SqliteAlertTable(connection, transaction);

        public INotificationOutbox Notifications { get; } = new SqliteNotificationOutbox(connection, transaction);

        public IReadOnlyList<Silence> SilencesAt(DateTimeOffset now) =>
            MuteRows.ReadSilences(connection, transaction, "starts_at <= $now AND ends_at > $now", ("$now", UnixMs.From(now)));

        public IReadOnlyList<MaintenanceWindow> MaintenanceWindows(List<long> unreadable) =>
            MuteRows.ReadWindows(connection, transaction, "1 = 1", unreadable);
    }
}
