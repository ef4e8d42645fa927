using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Notify;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class MutingTests : IDisposable
{
    private readonly AlertFixture _f = new();
    private readonly long _agent;
    private readonly long _job;

    public MutingTests()
    {
        _agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start);
        _job = _f.Seed.AddJob(_agent, "sql01", "SQL01 nightly");
        _f.Seed.AddRun(_job, "failed", AlertFixture.Start.AddHours(-2));
    }

    public void Dispose() => _f.Dispose();

    private Task<CommandResult> SilenceAsync(TimeSpan lasting, string? customer = null, string? job = null, string? rule = null) =>
        _f.Commands.CreateSilenceAsync(new NewSilence(customer, null, null, job, rule, _f.Time.GetUtcNow(),
            _f.Time.GetUtcNow() + lasting, "patching", "carol"));

    [Fact]
    public async Task Silence_mutes_the_notification_not_the_alert_and_releases_it_when_it_ends()
    {
        await SilenceAsync(TimeSpan.FromHours(2), job: "sql01");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));

        await _f.EvaluateAsync();
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));

        var muted = Assert.Single(_f.Alerts());
        Assert.Equal(("firing", true, false), (muted.State, muted.Muted, muted.NotifiedFired));
        Assert.Empty(_f.Sent);

        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(1));
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        var released = Assert.Single(Assert.Single(_f.Sent).Changes);
        Assert.Equal((AlertChangeKind.Released, muted.Id), (released.Kind, released.AlertId));
        Assert.Equal((false, true), (Assert.Single(_f.Alerts()).Muted, Assert.Single(_f.Alerts()).NotifiedFired));
    }

    [Fact]
    public async Task A_silence_that_ends_after_the_condition_cleared_sends_nothing()
    {
        await SilenceAsync(TimeSpan.FromHours(2), customer: "Contoso Ltd");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();

        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(1));
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(2));

        Assert.Equal("resolved", Assert.Single(_f.Alerts()).State);
        Assert.Empty(_f.Sent);
    }

    [Fact]
    public async Task An_alert_notified_before_the_silence_stays_quiet_during_it_and_repeats_after_it_when_due()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        await SilenceAsync(TimeSpan.FromHours(6), rule: "job_failed");

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(5));
        Assert.Single(_f.Sent);

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(1));
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Repeated], _f.Changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task Expiring_a_silence_early_releases_its_alerts_at_the_next_evaluation()
    {
        await SilenceAsync(TimeSpan.FromDays(1), job: _job.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        Assert.Empty(_f.Sent);

        await _f.Commands.ExpireSilenceAsync(1);
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AlertChangeKind.Released, Assert.Single(Assert.Single(_f.Sent).Changes).Kind);
    }

    [Fact]
    public async Task A_silence_mutes_only_the_alerts_its_matcher_names()
    {
        var other = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Fabrikam, "fs01", AlertFixture.Start), "files", "Files");
        await SilenceAsync(TimeSpan.FromHours(1), customer: "Contoso Ltd", rule: "job_failed");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", other));
        _f.JobMissed.Findings.Add(_f.Seed.JobFinding("job_missed", _job));

        await _f.EvaluateAsync();

        var muted = _f.Alerts().ToDictionary(a => (a.Rule, a.Subject), a => a.Muted);
        Assert.True(muted[("job_failed", $"job:{_job}")]);
        Assert.False(muted[("job_missed", $"job:{_job}")]);
        Assert.False(muted[("job_failed", $"job:{other}")]);
        Assert.Equal([("job_missed", $"job:{_job}"), ("job_failed", $"job:{other}")], _f.Changes.Select(c => (c.Rule, c.Subject)));
    }

    [Fact]
    public async Task A_silence_that_has_not_started_mutes_nothing()
    {
        await _f.Commands.CreateSilenceAsync(new NewSilence("Contoso Ltd", null, null, null, null, _f.Time.GetUtcNow().AddHours(1),
            _f.Time.GetUtcNow().AddHours(2), "later", "carol"));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));

        await _f.EvaluateAsync();

        Assert.Equal(AlertChangeKind.Fired, Assert.Single(_f.Changes).Kind);
    }

    [Fact]
    public async Task Recurring_maintenance_window_mutes_the_site_then_releases_when_it_ends()
    {
        // Saturday 22:00 Amsterdam (CEST, UTC+2) for four hours: 20:00 to 00:00 UTC.
        Assert.True(RecurringWindow.TryFindZone("Europe/Amsterdam", out var amsterdam));
        await _f.Commands.CreateWindowAsync(new NewMaintenanceWindow("Contoso Ltd", "Head office",
            new RecurringWindow(new HashSet<DayOfWeek> { DayOfWeek.Saturday }, new TimeOnly(22, 0), TimeSpan.FromHours(4), amsterdam),
            null, null, "hypervisor patching", "dave"));
        var fabrikamJob = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Fabrikam, "fs01", AlertFixture.Start), "files", "Files");
        _f.Time.SetUtcNow(new DateTimeOffset(2025, 6, 7, 20, 30, 0, TimeSpan.Zero));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", fabrikamJob));

        await _f.EvaluateAsync();
        _f.Time.SetUtcNow(new DateTimeOffset(2025, 6, 7, 23, 59, 59, TimeSpan.Zero));
        await _f.EvaluateAsync();

        Assert.Equal([true, false], _f.Alerts().Select(a => a.Muted));
        var fabrikamOnly = Assert.Single(_f.Sent);
        Assert.Equal(_f.Fabrikam, fabrikamOnly.SiteId);

        _f.Time.SetUtcNow(new DateTimeOffset(2025, 6, 8, 0, 0, 0, TimeSpan.Zero));
        await _f.EvaluateAsync();

        var release = _f.Sent[1];
        Assert.Equal(_f.Contoso, release.SiteId);
        Assert.Equal(AlertChangeKind.Released, Assert.Single(release.Changes).Kind);
        Assert.Equal([false, false], _f.Alerts().Select(a => a.Muted));
    }

    [Fact]
    public async Task One_off_maintenance_window_mutes_until_it_ends_and_deleting_it_releases_at_once()
    {
        var now = _f.Time.GetUtcNow();
        var created = await _f.Commands.CreateWindowAsync(new NewMaintenanceWindow("Contoso Ltd", "Head office", null, now, now.AddDays(1),
            "", "dave"));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        Assert.Empty(_f.Sent);

        await _f.Commands.DeleteWindowAsync(created.Id);
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(AlertChangeKind.Released, Assert.Single(_f.Changes).Kind);
    }

    [Fact]
    public async Task An_acknowledged_alert_is_not_released()
    {
        await SilenceAsync(TimeSpan.FromHours(1), job: "sql01");
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        await _f.Commands.AcknowledgeAsync(Assert.Single(_f.Alerts()).Id, "erin", "known, fixing");

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(2));

        Assert.Empty(_f.Sent);
    }
}
