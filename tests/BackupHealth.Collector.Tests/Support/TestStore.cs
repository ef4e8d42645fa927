using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Api;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>A migrated, seeded SQLite file in a temp folder with a <see cref="StoreWriter"/> on it, without the
/// web host. The writer is not started until <see cref="StartWriter"/>, so a test can queue work first.</summary>
internal sealed class TestStore : IAsyncDisposable
{
    private readonly TempDirectory _data = new("bh-store");
    private readonly ILoggerFactory _loggers;

    public TestStore(int maxWeightPerCommit = StoreWriter.DefaultMaxWeightPerCommit, int maxQueuedWeight = StoreWriter.DefaultMaxQueuedWeight)
    {
        _loggers = LoggerFactory.Create(b => b.AddProvider(Errors));
        Connections = new SqliteConnectionFactory(_data.Combine(SqliteConnectionFactory.FileName));
        using (var connection = Connections.OpenWriter())
        {
            new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, TimeProvider.System);
            SiteSeeder.Seed(connection, [new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = [TestCollector.ContosoToken] }],
                TestCollector.StartTime);
        }

        Writer = new StoreWriter(Connections, _loggers.CreateLogger<StoreWriter>(), maxWeightPerCommit, maxQueuedWeight);
        Queries = new SqliteCollectorReads(Connections);
    }

    public ErrorLogCollector Errors { get; } = new();

    public SqliteConnectionFactory Connections { get; }

    public StoreWriter Writer { get; }

    public ICollectorReads Queries { get; }

    public long ReceivedAt { get; } = TestCollector.StartTime.ToUnixTimeMilliseconds();

    /// <summary>How long a test waits for the writer to answer. A writer that never answers (a mutant that stops its
    /// loop, in a mutation run) then fails the test in seconds instead of leaving it waiting until the run's own
    /// timeout kills the test host.</summary>
    public static readonly TimeSpan WriteLimit = TimeSpan.FromSeconds(10);

    public void StartWriter() => Writer.Start();

    public Task<long> AddAgentAsync(string agentId) => AddAgentAsync(Writer, agentId);

    /// <summary>Registers an agent through a short-lived writer of its own, leaving <see cref="Writer"/> unstarted.</summary>
    public async Task<long> AddAgentBeforeStartAsync(string agentId)
    {
        await using var temporary = new StoreWriter(Connections, NullLogger<StoreWriter>.Instance);
        temporary.Start();
        return await AddAgentAsync(temporary, agentId);
    }

    public async Task<int> InsertAsync(long agentId, params Contracts.V1.Observation[] observations) =>
        await (await EnqueueAsync(agentId, observations).AsTask().WaitAsync(WriteLimit)).WaitAsync(WriteLimit);

    public ValueTask<Task<int>> EnqueueAsync(long agentId, params Contracts.V1.Observation[] observations)
    {
        var rows = ObservationRow.From(observations);
        return Writer.EnqueueAsync(s => s.InsertObservations(agentId, rows, ReceivedAt), rows.Length, CancellationToken.None);
    }

    /// <summary>The seeded site's row id (Contoso Ltd, Head office).</summary>
    public async Task<long> SiteIdAsync() =>
        (await Queries.FindSiteByTokenHashAsync(TokenHash.Of(TestCollector.ContosoToken), CancellationToken.None))!.SiteId;

    private async Task<long> AddAgentAsync(StoreWriter writer, string agentId)
    {
        var site = await SiteIdAsync();
        return await writer.ExecuteAsync(s => s.ConnectAgent(site, TestAgent.Hello(agentId), ReceivedAt), CancellationToken.None).WaitAsync(WriteLimit);
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = await Connections.OpenReaderAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The rows <paramref name="sql"/> returns, each as its columns' values (NULL as null), in order.</summary>
    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = await Connections.OpenReaderAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Disposes the store, then fails the test if anything logged an error.</summary>
    public async Task DisposeWithoutErrorsAsync()
    {
        await DisposeAsync();
        Errors.AssertNone();
    }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync().AsTask().WaitAsync(WriteLimit);
        Connections.ClearReaderPool();
        _loggers.Dispose();
        _data.Dispose();
    }
}
