using BackupHealth.Collector.Dashboard;
using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Dashboard.Jobs;
using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite.Connections;
using BackupHealth.Collector.Store.Sqlite.Dashboard;
using BackupHealth.Collector.Store.Sqlite.Expectations;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Writer;
using BackupHealth.Collector.Tests.Alerts;
using BackupHealth.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace BackupHealth.Collector.Tests.Dashboard;

/// <summary>The dashboard's queries on a real, migrated SQLite file in a temp folder with three sites (Contoso Ltd /
/// Head office and / Warehouse, Fabrikam / Branch), rows put in by SQL through <see cref="StoreSeed"/>, and fake time.</summary>
internal sealed class DashboardFixture : IDisposable
{
    /// <summary>Saturday 7 June 2025, 12:00 UTC.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 7, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _data = new("bh-dashboard");
    private readonly StoreWriter _writer;

    public DashboardFixture(string timeZone = DashboardOptions.DefaultTimeZone)
    {
        Connections = new SqliteConnectionFactory(_data.Combine(SqliteConnectionFactory.FileName));
        using (var connection = Connections.OpenWriter())
        {
            new SchemaMigrator(Migration.LoadEmbedded(), NullLogger.Instance).Migrate(connection, Time);
            SiteSeeder.Seed(connection, [
                new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = ["contoso-head-office-token-0001"] },
                new SiteOptions { Customer = "Contoso Ltd", Site = "Warehouse", AgentTokens = ["contoso-warehouse-token-0003"] },
                new SiteOptions { Customer = "Fabrikam", Site = "Branch", AgentTokens = ["fabrikam-branch-token-0002"] },
            ], Now);
        }

        Seed = new StoreSeed(Connections);
        HeadOffice = Seed.SiteId("Contoso Ltd", "Head office");
        Warehouse = Seed.SiteId("Contoso Ltd", "Warehouse");
        Branch = Seed.SiteId("Fabrikam", "Branch");
        var resolver = new ExpectationResolver(MsOptions.Create(new ExpectationOptions()));
        Cache = new JobHistoryCache(resolver);
        Reads = new SqliteDashboardReads(Connections);
        Assessor = new JobAssessor(Reads, Cache, resolver, Time);
        var dashboard = MsOptions.Create(new DashboardOptions { TimeZone = timeZone });
        Overview = new OverviewQuery(Reads, Assessor, MsOptions.Create(new AgentSilentOptions()), dashboard, Time);
        Grid = new StatusGridQuery(Reads, Assessor, dashboard, Time);
        Problems = new ProblemGridQuery(Overview, dashboard);
        Jobs = new JobPageQuery(Reads, Assessor, Time);
        // Every write goes through the store's one writer, as in the collector.
        _writer = new StoreWriter(Connections, NullLogger<StoreWriter>.Instance);
        _writer.Start();
        ExpectationStore = new SqliteExpectationStore(Connections, _writer);
    }

    public FakeTimeProvider Time { get; } = new(Now);

    public SqliteConnectionFactory Connections { get; }

    public StoreSeed Seed { get; }

    public long HeadOffice { get; }

    public long Warehouse { get; }

    public long Branch { get; }

    public IDashboardReads Reads { get; }

    public JobHistoryCache Cache { get; }

    public JobAssessor Assessor { get; }

    public OverviewQuery Overview { get; }

    public StatusGridQuery Grid { get; }

    public ProblemGridQuery Problems { get; }

    public JobPageQuery Jobs { get; }

    public IExpectationStore ExpectationStore { get; }

    public long CustomerOf(long siteId) => (long)Seed.Scalar("SELECT customer_id FROM sites WHERE id = $p0", siteId)!;

    /// <summary>A job with one successful run a day at 02:00 UTC for <paramref name="days"/> days up to
    /// <paramref name="lastDay"/> (default: today, 7 June).</summary>
    public long DailyJob(long agentId, string name, int days = 20, DateTimeOffset? lastDay = null, string status = "success")
    {
        var last = (lastDay ?? Now).Date;
        var job = Seed.AddJob(agentId, name.ToLowerInvariant().Replace(' ', '-'), name, firstSeen: new DateTimeOffset(last, TimeSpan.Zero).AddDays(-days - 1));
        for (var i = days - 1; i >= 0; i--)
        {
            Seed.AddRun(job, i == 0 ? status : "success", new DateTimeOffset(last.AddDays(-i).AddHours(2), TimeSpan.Zero));
        }

        Touch(job);
        return job;
    }

    /// <summary>Sets jobs.latest_* and last_success from the job's runs, as the ingest does (the seed writes runs only).</summary>
    public void Touch(long jobId) => Seed.Execute("""
        UPDATE jobs SET
            latest_time = (SELECT max(run_time) FROM observations WHERE job_id = $p0 AND superseded = 0),
            latest_status = (SELECT status FROM observations WHERE job_id = $p0 AND superseded = 0 ORDER BY run_time DESC, id DESC LIMIT 1),
            last_success = (SELECT max(run_time) FROM observations WHERE job_id = $p0 AND status = 'success' AND superseded = 0)
        WHERE id = $p0
        """, jobId);

    public void Disable(long jobId, bool enabled = false) => Seed.Execute("""
        INSERT INTO job_listings (agent_id, probe_name, job_key, job_name, source_kind, enabled, reported_at)
        SELECT agent_id, probe_name, job_key, name, source_kind, $p1, $p2 FROM jobs WHERE id = $p0
        """, jobId, enabled ? 1 : 0, Now.ToUnixTimeMilliseconds());

    public void FiringAlert(long siteId, string state = "firing", bool muted = false) => Seed.Execute("""
        INSERT INTO alerts (rule, subject, site_id, severity, state, title, detail, fired_at, last_seen_at, muted)
        VALUES ('job_failed', $p0, $p1, 'critical', $p2, 't', 'd', $p3, $p3, $p4)
        """, "job:" + Guid.NewGuid().ToString("N"), siteId, state, Now.ToUnixTimeMilliseconds(), muted ? 1 : 0);

    public void Dispose()
    {
        _writer.StopAsync().GetAwaiter().GetResult();
        Connections.ClearReaderPool();
        _data.Dispose();
    }
}
