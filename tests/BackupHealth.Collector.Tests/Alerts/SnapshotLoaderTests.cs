using BackupHealth.Collector.Store.Sqlite.Alerts;
using BackupHealth.Collector.Alerts;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class SnapshotLoaderTests : IDisposable
{
    private readonly AlertFixture _f = new();

    public void Dispose() => _f.Dispose();

    private Task<Collector.Model.EvaluationSnapshot> LoadAsync() =>
        new SqliteEvaluationStore(_f.Connections, _f.Writer).LoadSnapshotAsync(AlertFixture.Start, CancellationToken.None);

    [Fact]
    public async Task Agents_come_with_site_connection_and_probe_health()
    {
        var connected = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start.AddDays(-3));
        var gone = _f.Seed.AddAgent(_f.Fabrikam, "fs01", AlertFixture.Start.AddDays(-1), connected: false);
        _f.Seed.Execute("""
            INSERT INTO probe_health (agent_id, probe_name, probe_type, state, message, last_run, last_success, consecutive_failures, reported_at)
            VALUES ($p0, 'veeam', 'veeam.vbr', 'error', 'access denied', $p1, NULL, 4, $p1)
            """, connected, AlertFixture.Start.AddMinutes(-5).ToUnixTimeMilliseconds());

        var snapshot = await LoadAsync();

        Assert.Equal(AlertFixture.Start, snapshot.Now);
        Assert.Equal([(connected, "hv01", _f.Contoso, "Contoso Ltd", "Head office", true), (gone, "fs01", _f.Fabrikam, "Fabrikam", "Branch", false)],
            snapshot.Agents.Select(a => (a.AgentId, a.AgentKey, a.SiteId, a.Customer, a.Site, a.Connected)));
        Assert.Equal(AlertFixture.Start.AddDays(-3), snapshot.Agents[0].LastSeen);
        var probe = Assert.Single(snapshot.Agents[0].Probes);
        Assert.Equal(("veeam", "veeam.vbr", false, "access denied", 4, null), (probe.Name, probe.Type, probe.Ok, probe.Message, probe.ConsecutiveFailures, probe.LastSuccess));
        Assert.Empty(snapshot.Agents[1].Probes);
    }

    [Fact]
    public async Task Job_runs_are_newest_first_within_a_hundred_days_with_their_fields()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "sql01", "SQL01 nightly");
        _f.Seed.AddRun(job, "success", AlertFixture.Start.AddDays(-101), message: "too old");
        _f.Seed.AddRun(job, "success", AlertFixture.Start.AddDays(-2), size: 500, message: "older");
        _f.Seed.AddRun(job, "failed", AlertFixture.Start.AddDays(-1), size: 0, willRetry: true, message: "newest", verification: "failed");

        var snapshot = await LoadAsync();

        var j = Assert.Single(snapshot.Jobs);
        Assert.Equal((job, "hv01", "sql01", "SQL01 nightly", "files", "nightly-files", "Contoso Ltd"),
            (j.JobId, j.AgentKey, j.JobKey, j.Name, j.SourceKind, j.ProbeName, j.Customer));
        Assert.Equal(["newest", "older"], j.Runs.Select(r => r.Message));
        var newest = j.Runs[0];
        Assert.Equal((RunStatus.Failed, true, VerificationState.Failed, 0L), (newest.Status, newest.WillRetry, newest.Verification, newest.SizeBytes));
        Assert.Equal((AlertFixture.Start.AddDays(-1).AddMinutes(-10), AlertFixture.Start.AddDays(-1)), (newest.Start, newest.End));
        Assert.Equal((RunStatus.Success, false, VerificationState.Passed), (j.Runs[1].Status, j.Runs[1].WillRetry, j.Runs[1].Verification));
    }

    [Fact]
    public async Task A_run_carries_the_file_or_archive_it_wrote_from_its_attributes()
    {
        var job = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "exports", "VM exports");
        _f.Seed.AddRun(job, "success", AlertFixture.Start.AddDays(-3), message: "none");
        _f.Seed.AddRun(job, "success", AlertFixture.Start.AddDays(-2), message: "archive");
        _f.Seed.AddRun(job, "success", AlertFixture.Start.AddDays(-1), message: "path");
        _f.Seed.Execute("UPDATE observations SET attributes = json_object('archive', 'vzdump-qemu-100.vma.zst') WHERE message = 'archive'");
        _f.Seed.Execute("UPDATE observations SET attributes = json_object('path', 'db01/db01.xva', 'archive', 'x') WHERE message = 'path'");

        var runs = Assert.Single((await LoadAsync()).Jobs).Runs;

        Assert.Equal(["db01/db01.xva", "vzdump-qemu-100.vma.zst", null], runs.Select(r => r.Location));
    }

    [Fact]
    public async Task First_seen_falls_back_to_the_oldest_run()
    {
        var agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start);
        var recorded = _f.Seed.AddJob(agent, "a", "A", firstSeen: AlertFixture.Start.AddDays(-10));
        var derived = _f.Seed.AddJob(agent, "b", "B");
        _f.Seed.AddRun(derived, "success", AlertFixture.Start.AddDays(-200));
        _f.Seed.AddRun(derived, "success", AlertFixture.Start.AddDays(-1));

        var snapshot = await LoadAsync();

        Assert.Equal([(recorded, AlertFixture.Start.AddDays(-10)), (derived, AlertFixture.Start.AddDays(-200))],
            snapshot.Jobs.Select(j => (j.JobId, j.FirstSeen)));
    }

    [Fact]
    public async Task Listing_listed_by_probe_and_expectation_come_from_their_tables()
    {
        var agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start);
        var listed = _f.Seed.AddJob(agent, "a", "A");
        var vanished = _f.Seed.AddJob(agent, "b", "B");
        var otherProbe = _f.Seed.AddJob(agent, "c", "C", probe: "files");
        _f.Seed.AddRun(vanished, "success", AlertFixture.Start.AddDays(-1));
        var reportedAt = AlertFixture.Start.AddMinutes(-3).ToUnixTimeMilliseconds();
        _f.Seed.Execute("INSERT INTO job_list_reports (agent_id, probe_name, reported_at) VALUES ($p0, 'nightly-files', $p1)", agent, reportedAt);
        _f.Seed.Execute("""
            INSERT INTO job_listings (agent_id, probe_name, job_key, job_name, source_kind, enabled, next_run, attributes, reported_at)
            VALUES ($p0, 'nightly-files', 'a', 'A', 'files', 0, $p1, '{"schedule":"sat 02:00 UTC","interval":"4h","storage":"nas"}', $p2)
            """, agent, AlertFixture.Start.AddHours(10).ToUnixTimeMilliseconds(), reportedAt);
        _f.Seed.Execute("""
            INSERT INTO job_expectations (job_id, interval_ms, schedule, grace_ms, updated_at, updated_by)
            VALUES ($p0, NULL, 'weekdays 22:00 Europe/Amsterdam', 7200000, 0, 'gina')
            """, listed);

        var jobs = (await LoadAsync()).Jobs.ToDictionary(j => j.JobId);

        var listing = jobs[listed].Listing!;
        Assert.Equal((false, AlertFixture.Start.AddMinutes(-3), AlertFixture.Start.AddHours(10)), (listing.Enabled, listing.ReportedAt, listing.NextRun));
        Assert.Equal(("sat 02:00 UTC", TimeSpan.FromHours(4), AlertFixture.Start.AddHours(10)),
            (listing.Stated!.Schedule!.Text, listing.Stated.Interval, listing.Stated.NextRun));
        Assert.Equal((true, true, false), (jobs[listed].ListedByProbe, jobs[vanished].ListedByProbe, jobs[otherProbe].ListedByProbe));
        Assert.Null(jobs[vanished].Listing);
        Assert.Equal(new Collector.Expectations.ExpectationSetting(null, "weekdays 22:00 Europe/Amsterdam", TimeSpan.FromHours(2)), jobs[listed].Setting);
        Assert.Null(jobs[vanished].Setting);
    }

    [Fact]
    public async Task Rules_are_given_the_snapshot_at_the_time_providers_now()
    {
        _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start), "a", "A");

        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(7));

        var seen = _f.JobFailed.LastSnapshot!;
        Assert.Equal(AlertFixture.Start.AddMinutes(7), seen.Now);
        Assert.Single(seen.Jobs);
        Assert.Same(seen, _f.JobMissed.LastSnapshot);
    }
}
