using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Alerts;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Notify;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>The notifier as <c>AddNotifications</c> registers it, over a real migrated SQLite file with the Contoso and
/// Fabrikam sites, on fake time, without the web host. Several harnesses over one folder are successive runs of the
/// collector. Disposing fails the test when an unexpected error was logged.</summary>
internal sealed class NotifyHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private bool _started;

    public NotifyHarness(TempDirectory data, NotifySettings settings, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider(TestCollector.StartTime);
        Connections = new SqliteConnectionFactory(data.Combine(SqliteConnectionFactory.FileName));
        using (var connection = Connections.OpenWriter())
        {
            new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, Time);
            SiteSeeder.Seed(connection, [
                new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = [TestCollector.ContosoToken] },
                new SiteOptions { Customer = "Fabrikam", Site = "Branch", AgentTokens = [TestCollector.FabrikamToken] },
            ], Time.GetUtcNow());
        }

        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Errors));
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Connections);
        // The store's writer, notification queue and unit of work, as AddSqliteStore registers them.
        services.AddSingleton(sp => new StoreWriter(Connections, sp.GetRequiredService<ILogger<StoreWriter>>()));
        services.AddSingleton<INotificationQueue, SqliteNotificationQueue>();
        services.AddSingleton<IEvaluationStore, SqliteEvaluationStore>();
        services.AddSingleton<IInstanceStore, SqliteInstanceStore>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary()).Build();

        // What messages read outside Collector:Notify: Collector:PublicUrl for links, Collector:Customers for zones.
        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName));
        services.AddNotifications(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _ = _services.GetRequiredService<IOptions<NotifyOptions>>().Value;
        _services.GetRequiredService<StoreWriter>().Start();
        ContosoSiteId = SiteId("Contoso Ltd");
        FabrikamSiteId = SiteId("Fabrikam");
    }

    public FakeTimeProvider Time { get; }

    public ErrorLogCollector Errors { get; } = new();

    public SqliteConnectionFactory Connections { get; }

    public INotificationSink Sink => _services.GetRequiredService<INotificationSink>();

    public NotificationDispatcher Dispatcher => _services.GetRequiredService<NotificationDispatcher>();

    public INotificationQueue Queue => _services.GetRequiredService<INotificationQueue>();

    public IEvaluationStore Evaluation => _services.GetRequiredService<IEvaluationStore>();

    public long ContosoSiteId { get; }

    public long FabrikamSiteId { get; }

    /// <summary>Hands the notification to the sink in a unit of work, as the evaluator does, and commits.</summary>
    public void Enqueue(SiteNotification notification) =>
        Evaluation.EnqueueAsync(Sink, notification).GetAwaiter().GetResult();

    /// <summary>One dispatcher pass, without the background loop.</summary>
    public Task PassAsync() => Dispatcher.DeliverDueAsync(CancellationToken.None);

    /// <summary>Starts the dispatcher as the host would.</summary>
    public async Task StartAsync()
    {
        _started = true;
        await Dispatcher.StartAsync(CancellationToken.None);
    }

    /// <summary>Moves fake time once the dispatcher sleeps, so its timer is there to fire. Call it after the state
    /// the previous pass leaves was observed.</summary>
    public async Task AdvanceWhenIdleAsync(TimeSpan by)
    {
        await Testing.Poll.UntilAsync(() => Dispatcher.Idle, "the dispatcher sleeps");
        Time.Advance(by);
    }

    public IReadOnlyList<NotificationRow> Rows()
    {
        using var connection = Connections.OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, channel, site_id, state, attempts, next_attempt_at, last_error, sent_at, payload, summary FROM notifications ORDER BY id";
        using var reader = command.ExecuteReader();
        var rows = new List<NotificationRow>();
        while (reader.Read())
        {
            rows.Add(new NotificationRow(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetString(8), reader.GetString(9)));
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Dispatcher.StopAsync(CancellationToken.None);
        }

        await _services.DisposeAsync();
        Connections.ClearReaderPool();
        SqliteConnection.ClearAllPools();
        Errors.AssertNone();
    }

    private long SiteId(string customer)
    {
        using var connection = Connections.OpenWriter();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.id FROM sites s JOIN customers c ON c.id = s.customer_id WHERE c.name = $c";
        command.Parameters.AddWithValue("$c", customer);
        return (long)command.ExecuteScalar()!;
    }
}

internal sealed record NotificationRow(
    long Id, string Channel, long SiteId, string State, int Attempts, long? NextAttemptAt, string? LastError, long? SentAt, string Payload, string Summary);
