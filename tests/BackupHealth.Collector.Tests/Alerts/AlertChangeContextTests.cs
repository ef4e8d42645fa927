using BackupHealth.Collector.Notify;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>Issue 18: what the evaluator tells a notification beyond the alert row — since when by the source's own
/// clock, the last success, the host, what resolved it and why, and whose resolve a re-fire re-opens — worked out on a
/// real store from real runs.</summary>
public sealed class AlertChangeContextTests : IDisposable
{
    private readonly AlertFixture _f = new();
    private readonly long _agent;
    private readonly long _job;

    public AlertChangeContextTests()
    {
        _agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start.AddMinutes(-3));
        _job = _f.Seed.AddJob(_agent, "sql01", "SQL01 nightly");
        _f.Seed.AddRun(_job, "success", AlertFixture.Start.AddDays(-3), size: 5_300_000_000);
        _f.Seed.AddRun(_job, "failed", AlertFixture.Start.AddDays(-2), message: "repository full");
        _f.Seed.AddRun(_job, "failed", AlertFixture.Start.AddDays(-1), message: "repository full");
    }

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task A_failing_job_is_failing_since_its_first_failed_run_after_the_last_success()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));

        await _f.EvaluateAsync();

        var change = Assert.Single(_f.Changes);
        var id = Assert.Single(_f.Alerts()).Id;
        Assert.Equal(AlertFixture.Start.AddDays(-2), change.Since);
        Assert.Equal(AlertFixture.Start.AddDays(-3), change.LastSuccess);
        Assert.Equal(AlertFixture.Start.AddMinutes(-3), change.LastHeard);
        Assert.Equal((_job, "files", "hv01.example.test"), (change.JobId, change.SourceKind, change.HostName));
        Assert.Equal($"bh-{id}-fired-{AlertFixture.Start.ToUnixTimeMilliseconds()}", change.EventId);
        Assert.Null(change.Reopens);
    }

    [Fact]
    public async Task A_missed_job_carries_when_it_was_due_and_is_missing_since_its_last_success()
    {
        _f.Seed.AddRun(_job, "success", AlertFixture.Start.AddDays(-1).AddHours(1));
        var due = AlertFixture.Start.AddHours(-2);
        _f.JobMissed.Findings.Add(_f.Seed.JobFinding("job_missed", _job) with { DueBy = due });

        await _f.EvaluateAsync();

        var change = Assert.Single(_f.Changes);
        Assert.Equal((due, AlertFixture.Start.AddDays(-1).AddHours(1)), (change.DueBy, change.Since));
    }

    [Fact]
    public async Task A_successful_run_that_clears_the_alert_is_named_as_why_it_resolved()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();

        var fixedAt = AlertFixture.Start.AddMinutes(30);
        _f.Seed.AddRun(_job, "success", fixedAt, size: 5_300_000_000);
        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromHours(1));

        var resolved = _f.Changes[1];
        Assert.Equal(AlertChangeKind.Resolved, resolved.Kind);
        Assert.Null(resolved.ResolvedBy);
        Assert.Equal((RunStatus.Success, fixedAt, 5_300_000_000L), (resolved.ResolvingRun!.Status, resolved.ResolvingRun.RunTime, resolved.ResolvingRun.SizeBytes));
        Assert.Equal("the run of 2025-06-07 12:30 UTC succeeded, 5.3 GB", NotificationText.Why(resolved, TimeZoneInfo.Utc));
        Assert.Equal("the run of 2025-06-07 12:30 UTC succeeded, 5.3 GB", _f.Seed.Scalar("SELECT resolution FROM alerts"));
    }

    [Fact]
    public async Task A_silent_agent_heard_again_resolves_in_the_rules_own_words()
    {
        _f.AgentSilent.Findings.Add(_f.Seed.AgentFinding("agent_silent", _agent));
        await _f.EvaluateAsync();
        _f.AgentSilent.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(AlertFixture.Start.AddMinutes(-3), _f.Changes[0].Since);
        var resolved = _f.Changes[1];
        Assert.Null(resolved.ResolvingRun);
        Assert.Equal("the agent was heard again", NotificationText.Why(resolved, TimeZoneInfo.Utc));
    }

    [Fact]
    public async Task A_condition_that_outlives_a_persons_resolve_fires_again_as_re_opened_naming_who_resolved_it()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        var first = Assert.Single(_f.Alerts()).Id;

        _f.Time.Advance(TimeSpan.FromMinutes(5));
        await _f.Commands.ResolveAsync(first, "alice", "restarted the job");
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Resolved, AlertChangeKind.Fired], _f.Changes.Select(c => c.Kind));
        var resolved = _f.Changes[1];
        Assert.Equal(("alice", "restarted the job"), (resolved.ResolvedBy, resolved.ResolveComment));
        Assert.Equal("resolved by alice: restarted the job", NotificationText.Why(resolved, TimeZoneInfo.Utc));
        var again = _f.Changes[2];
        Assert.NotEqual(first, again.AlertId);
        Assert.Equal(new ReopenedAlert(first, "alice", AlertFixture.Start.AddMinutes(5), "restarted the job"), again.Reopens);
        Assert.Equal("re-opened: alice resolved it 2025-06-07 12:05 UTC (restarted the job), and it fired again",
            NotificationText.Reopened(again, TimeZoneInfo.Utc));
        Assert.Equal(first, _f.Seed.Scalar("SELECT reopens FROM alerts WHERE id = $p0", again.AlertId));
    }

    [Fact]
    public async Task A_condition_that_clears_by_itself_and_returns_is_a_new_alert_not_a_re_opened_one()
    {
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAsync();
        _f.JobFailed.Findings.Clear();
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _job));
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([AlertChangeKind.Fired, AlertChangeKind.Resolved, AlertChangeKind.Fired], _f.Changes.Select(c => c.Kind));
        Assert.Null(_f.Changes[2].Reopens);
    }
}
