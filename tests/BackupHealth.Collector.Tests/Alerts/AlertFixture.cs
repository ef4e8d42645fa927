using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Alerts;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>An alert evaluator on a real, migrated SQLite file in a temp folder with two sites (Contoso Ltd / Head
/// office, Fabrikam / Branch), fake rules the test sets, a substitute notification sink that records what it is
/// handed, and fake time. Disposing it fails the test if an unexpected error was logged.</summary>
internal sealed class AlertFixture : IDisposable
{
    /// <summary>Saturday 7 June 2025, 12:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2025, 6, 7, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new("bh-alerts");
    private readonly ILoggerFactory _loggers;
    private AlertEvaluator? _evaluator;

    /// <param name="copyOf">A database file to start from instead of an empty store.</param>
    public AlertFixture(string? copyOf = null, DateTimeOffset? now = null)
    {
        DatabasePath = _data.Combine(SqliteConnectionFactory.FileName);
        if (copyOf is not null)
        {
            File.Copy(copyOf, DatabasePath);
        }

        Time = new FakeTimeProvider(now ?? Start);
        Connections = new SqliteConnectionFactory(DatabasePath);
        using (var connection = Connections.OpenWriter())
        {
            new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, Time);
            SiteSeeder.Seed(connection, [
                new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = ["contoso-head-office-token-0001"] },
                new SiteOptions { Customer = "Fabrikam", Site = "Branch", AgentTokens = ["fabrikam-branch-token-0002"] },
            ], Start);
        }

        // Every write goes through the store's one writer, as in the collector.
        Writer = new StoreWriter(Connections, NullLogger<StoreWriter>.Instance);
        Writer.Start();
        Seed = new StoreSeed(Connections);
        Contoso = Seed.SiteId("Contoso Ltd", "Head office");
        Fabrikam = Seed.SiteId("Fabrikam", "Branch");
        Sink.When(s => s.Enqueue(Arg.Any<INotificationOutbox>(), Arg.Any<SiteNotification>()))
            .Do(call => Sent.Add(call.ArgAt<SiteNotification>(1)));
        _loggers = LoggerFactory.Create(b => b.AddProvider(Errors));
        Commands = new AlertCommands(new SqliteAlertCommandStore(Writer), Time);
    }

    public string DatabasePath { get; }

    public FakeTimeProvider Time { get; }

    public SqliteConnectionFactory Connections { get; }

    public StoreWriter Writer { get; }

    public StoreSeed Seed { get; }

    public long Contoso { get; }

    public long Fabrikam { get; }

    public FakeRule JobFailed { get; } = new("job_failed");

    public FakeRule JobMissed { get; } = new("job_missed");

    public FakeRule AgentSilent { get; } = new("agent_silent");

    public INotificationSink Sink { get; } = Substitute.For<INotificationSink>();

    /// <summary>Every notification handed to the sink, in order.</summary>
    public List<SiteNotification> Sent { get; } = [];

    public ErrorLogCollector Errors { get; } = new();

    public AlertOptions Options { get; } = new();

    public AlertCommands Commands { get; }

    public AlertEvaluator Evaluator => _evaluator ??= new AlertEvaluator(new SqliteEvaluationStore(Connections, Writer),
        [JobFailed, JobMissed, AgentSilent], Sink, Microsoft.Extensions.Options.Options.Create(Options), Time,
        _loggers.CreateLogger<AlertEvaluator>());

    public Task<EvaluationResult> EvaluateAsync() => Evaluator.EvaluateOnceAsync(CancellationToken.None);

    /// <summary>Advances the clock and evaluates.</summary>
    public Task<EvaluationResult> EvaluateAfterAsync(TimeSpan elapsed)
    {
        Time.Advance(elapsed);
        return EvaluateAsync();
    }

    /// <summary>All changes of all notifications sent so far, in order.</summary>
    public List<AlertChange> Changes => Sent.SelectMany(n => n.Changes).ToList();

    public List<AlertRow> Alerts() => Seed.Query(
        "SELECT id, rule, subject, state, muted, held_by, notified_fired, resolved_by FROM alerts ORDER BY id",
        r => new AlertRow(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0,
            r.IsDBNull(5) ? null : r.GetInt64(5), r.GetInt64(6) != 0, r.IsDBNull(7) ? null : r.GetString(7)));

    /// <summary>A consistent copy of the database file, e.g. to run a second evaluator on the same store.</summary>
    public string CopyDatabase(TempDirectory into)
    {
        var path = into.Combine("copy.db");
        Seed.Execute("VACUUM INTO $p0", path);
        return path;
    }

    public void Dispose()
    {
        _evaluator?.Dispose();
        Writer.StopAsync().GetAwaiter().GetResult();
        Connections.ClearReaderPool();
        _loggers.Dispose();
        _data.Dispose();
        Errors.AssertNone();
    }
}

/// <summary>The lifecycle columns of one alert row.</summary>
internal sealed record AlertRow(long Id, string Rule, string Subject, string State, bool Muted, long? HeldBy, bool NotifiedFired, string? ResolvedBy);
