using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Notify;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class AlertLifecycleTests : IDisposable
{
    private readonly AlertFixture _f = new();
    private readonly long _agent;
    private readonly long _job;

    public AlertLifecycleTests()
    {
        _agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start);
        _job = _f.Seed.AddJob(_agent, "sql01", "SQL01 nightly");
        for (var day = 7; day >= 1; day--)
        {
            _f.Seed.AddRun(_job, day == 1 ? "failed" : "success", AlertFixture.Start.AddDays(-day), size: 1000 + day, message: $"run {day}");
        }
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Fires_once_across_many_evaluations()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job, title: "SQL01 nightly failed"));

        for (var i = 0; i < 20; i++)
        {
            await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));
        }

        var alert = Assert.Single(_f.Alerts());
        Assert.Equal(("job_failed", $"job:{_job}", "firing", true), (alert.Rule, alert.Subject, alert.State, alert.NotifiedFired));
        var notification = Assert.Single(_f.Sent);
        Assert.Equal((_f.Contoso, "Contoso Ltd", "Head office"), (notification.SiteId, notification.Customer, notification.Site));
        var change = Assert.Single(notification.Changes);
        Assert.Equal((AlertChangeKind.Fired, $"bh-{alert.Id}", "SQL01 nightly failed", "hv01", "SQL01 nightly"),
            (change.Kind, change.AlertKey, change.Title, change.AgentKey, change.JobName));
        Assert.Equal(AlertFixture.Start.AddSeconds(30), change.FiredAt);
    }

    [Fact]
    public async Task Fired_notification_carries_the_five_newest_runs()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));

        await _f.EvaluateAsync();

        var runs = Assert.Single(Assert.Single(_f.Sent).Changes).LastRuns;
        Assert.Equal(["run 1", "run 2", "run 3", "run 4", "run 5"], runs.Select(r => r.Message));
        Assert.Equal(RunStatus.Failed, runs[0].Status);
        Assert.Equal(AlertFixture.Start.AddDays(-1), runs[0].RunTime);
    }

    [Fact]
    public async Task Repeats_after_the_repeat_interval_while_unacknowledged()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(30));
        Assert.Single(_f.Sent);

        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Repeated], _f.Changes.Select(c => c.Kind));

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(4));
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Repeated, AlertChangeKind.Repeated], _f.Changes.Select(c => c.Kind));
        Assert.Single(_f.Alerts());
    }

    [Fact]
    public async Task Repeat_interval_comes_from_the_options()
    {
        _f.Options.RepeatInterval = TimeSpan.FromMinutes(10);
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();

        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(10));

        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Repeated], _f.Changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task Acknowledging_stops_repeats_but_not_the_resolution()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        var id = Assert.Single(_f.Alerts()).Id;

        var ack = await _f.Commands.AcknowledgeAsync(id, "alice", "looking into it");

        Assert.Equal(Collector.Alerts.Handling.CommandStatus.Done, ack.Status);
        for (var i = 0; i < 3; i++)
        {
            await _f.EvaluateAfterAsync(TimeSpan.FromHours(5));
        }

        Assert.Equal("acknowledged", Assert.Single(_f.Alerts()).State);
        // The acknowledgement itself is told once (who and why), then nothing repeats.
        Assert.Equal(2, _f.Sent.Count);
        var acknowledged = _f.Changes[1];
        Assert.Equal((AlertChangeKind.Acknowledged, "alice", "looking into it"), (acknowledged.Kind, acknowledged.AcknowledgedBy, acknowledged.AcknowledgeComment));

        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Acknowledged, AlertChangeKind.Resolved], _f.Changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task Clearing_the_condition_resolves_and_notifies_once()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();

        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(5));

        var alert = Assert.Single(_f.Alerts());
        Assert.Equal(("resolved", "condition cleared"), (alert.State, alert.ResolvedBy));
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Resolved], _f.Changes.Select(c => c.Kind));
        var resolved = _f.Changes[1];
        Assert.Equal(($"bh-{alert.Id}", AlertFixture.Start.AddMinutes(1)), (resolved.AlertKey, resolved.ResolvedAt));
    }

    [Fact]
    public async Task A_condition_that_returns_after_resolving_is_a_new_alert_and_the_old_one_stays_history()
    {
        var finding = _f.Seed.JobFinding("job_failed", _job);
        _f.JobFailed.Findings.Add(finding);
        await _f.EvaluateAsync();
        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        _f.JobFailed.Findings.Add(finding);
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        var alerts = _f.Alerts();
        Assert.Equal(["resolved", "firing"], alerts.Select(a => a.State));
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Resolved, AlertChangeKind.Fired], _f.Changes.Select(c => c.Kind));
        Assert.Equal([$"bh-{alerts[0].Id}", $"bh-{alerts[0].Id}", $"bh-{alerts[1].Id}"], _f.Changes.Select(c => c.AlertKey));
    }

    [Fact]
    public async Task Manual_resolve_is_notified_at_the_next_evaluation_and_a_condition_still_holding_fires_anew()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        var first = Assert.Single(_f.Alerts()).Id;

        var resolve = await _f.Commands.ResolveAsync(first, "bob", "fixed the share permissions");
        Assert.Equal(Collector.Alerts.Handling.CommandStatus.Done, resolve.Status);
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        var alerts = _f.Alerts();
        Assert.Equal([("resolved", "bob"), ("firing", null)], alerts.Select(a => (a.State, a.ResolvedBy)));
        var second = Assert.Single(_f.Sent.Skip(1));
        Assert.Equal([(first, AlertChangeKind.Resolved), (alerts[1].Id, AlertChangeKind.Fired)], second.Changes.Select(c => (c.AlertId, c.Kind)));
    }

    [Fact]
    public async Task Manual_resolve_of_a_cleared_condition_notifies_only_the_resolution()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        await _f.Commands.ResolveAsync(Assert.Single(_f.Alerts()).Id, "bob", "");
        _f.JobFailed.Findings.Clear();

        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("bob", Assert.Single(_f.Alerts()).ResolvedBy);
        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Resolved], _f.Changes.Select(c => c.Kind));
    }

    [Fact]
    public async Task Severity_title_and_detail_follow_the_rule_while_the_alert_stays_one()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job, Collector.Model.AlertSeverity.Warning, "first words"));
        await _f.EvaluateAsync();

        _f.JobFailed.Findings[0] = _f.Seed.JobFinding("job_failed", _job, Collector.Model.AlertSeverity.Critical, "second words");
        await _f.EvaluateAfterAsync(TimeSpan.FromSeconds(30));

        var row = _f.Seed.Query("SELECT count(*), max(severity), max(title), max(last_seen_at) FROM alerts",
            r => (r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt64(3)));
        Assert.Equal((1L, "critical", "second words", AlertFixture.Start.AddSeconds(30).ToUnixTimeMilliseconds()), Assert.Single(row));
        Assert.Single(_f.Sent);
    }
}
