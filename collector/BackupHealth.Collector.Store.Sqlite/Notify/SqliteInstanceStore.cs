namespace BackupHealth.Collector.Store.Sqlite.Notify;

/// <summary>Table <c>collector_instance</c>: one row, written once.</summary>
internal sealed class SqliteInstanceStore(StoreWriter writer) : IInstanceStore
{
    public Task<string> InstanceIdAsync(string candidate) => writer.WriteAsync((connection, transaction) =>
    {
        SqlCommands.Execute(connection, transaction, "INSERT OR IGNORE INTO collector_instance (id, instance_id) VALUES (1, $id)", ("$id", candidate));
        using var read = SqlCommands.Command(connection, transaction, "SELECT instance_id FROM collector_instance WHERE id = 1");
        return (string)read.ExecuteScalar()!;
    });
}
