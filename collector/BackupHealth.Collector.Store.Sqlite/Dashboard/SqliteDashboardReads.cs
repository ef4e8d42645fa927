namespace BackupHealth.Collector.Store.Sqlite.Dashboard;

/// <summary>The dashboard's reads on SQLite: each view is one read transaction on a pooled read-only connection, so
/// WAL gives it one point in time and it never holds up the ingest writer.</summary>
internal sealed class SqliteDashboardReads(SqliteConnectionFactory connections) : IDashboardReads
{
    public async Task<IDashboardView> OpenViewAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenReaderAsync(cancellationToken);
        try
        {
            // Deferred: a read-only connection cannot take the write lock an immediate transaction asks for.
            return new SqliteDashboardView(connection, connection.BeginTransaction(deferred: true));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
