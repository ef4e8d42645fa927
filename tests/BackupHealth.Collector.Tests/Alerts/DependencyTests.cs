using BackupHealth.Collector.Notify;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class DependencyTests : IDisposable
{
    private readonly AlertFixture _f = new();
    private readonly long _agent;
    private readonly long[] _jobs;
    private readonly long _otherAgentJob;

    public DependencyTests()
    {
        _agent = _f.Seed.AddAgent(_f.Contoso, "hv01", AlertFixture.Start, connected: false);
        _jobs = [_f.Seed.AddJob(_agent, "sql01", "SQL01 nightly"), _f.Seed.AddJob(_agent, "dc01", "DC01 nightly"), _f.Seed.AddJob(_agent, "fs01", "FS01 weekly")];
        _otherAgentJob = _f.Seed.AddJob(_f.Seed.AddAgent(_f.Contoso, "hv02", AlertFixture.Start), "web01", "WEB01 nightly");
    }

    public void Dispose() => _f.Dispose();

    private void AgentIsSilentAndItsJobsAreMissed()
    {
        _f.AgentSilent.Findings.Add(_f.Seed.AgentFinding("agent_silent", _agent, "hv01 is silent"));
        _f.JobMissed.Findings.AddRange(_jobs.Select(j => _f.Seed.JobFinding("job_missed", j)));
    }

    [Fact]
    public async Task Agent_silent_holds_back_its_jobs_alerts_and_names_them_in_one_notification()
    {
        AgentIsSilentAndItsJobsAreMissed();
        _f.JobFailed.Findings.Add(_f.Seed.JobFinding("job_failed", _otherAgentJob));

        await _f.EvaluateAsync();
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        var alerts = _f.Alerts();
        var agentAlert = Assert.Single(alerts, a => a.Rule == "agent_silent");
        Assert.All(alerts.Where(a => a.Rule == "job_missed"), a => Assert.Equal((agentAlert.Id, "firing", false), (a.HeldBy, a.State, a.NotifiedFired)));
        var notification = Assert.Single(_f.Sent);
        Assert.Equal([("agent_silent", AlertChangeKind.Fired), ("job_failed", AlertChangeKind.Fired)],
            notification.Changes.Select(c => (c.Rule, c.Kind)));
        Assert.Contains("3 alerts of this agent held back while it is silent: SQL01 nightly job_missed; DC01 nightly job_missed; FS01 weekly job_missed",
            notification.Changes[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Held_alerts_do_not_repeat_while_the_agent_alert_names_them_again()
    {
        AgentIsSilentAndItsJobsAreMissed();
        await _f.EvaluateAsync();

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(4));

        var repeat = Assert.Single(_f.Sent[1].Changes);
        Assert.Equal(("agent_silent", AlertChangeKind.Repeated), (repeat.Rule, repeat.Kind));
        Assert.Contains("3 alerts of this agent held back", repeat.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_agent_returns_held_alerts_that_still_hold_fire_on_their_own_and_the_rest_resolve_quietly()
    {
        AgentIsSilentAndItsJobsAreMissed();
        await _f.EvaluateAsync();

        _f.AgentSilent.Findings.Clear();
        _f.JobMissed.Findings.RemoveAt(2);
        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));

        var back = _f.Sent[1].Changes;
        Assert.Equal([("agent_silent", AlertChangeKind.Resolved), ("job_missed", AlertChangeKind.Released), ("job_missed", AlertChangeKind.Released)],
            back.Select(c => (c.Rule, c.Kind)));
        Assert.Equal([$"job:{_jobs[0]}", $"job:{_jobs[1]}"], back.Skip(1).Select(c => c.Subject));
        Assert.All(_f.Alerts(), a => Assert.Null(a.HeldBy));
        Assert.Equal("resolved", _f.Alerts().Single(a => a.Subject == $"job:{_jobs[2]}").State);

        await _f.EvaluateAfterAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(2, _f.Sent.Count);
    }

    [Fact]
    public async Task A_job_alert_notified_before_the_agent_went_silent_is_held_from_repeating()
    {
        _f.JobMissed.Findings.Add(_f.Seed.JobFinding("job_missed", _jobs[0]));
        await _f.EvaluateAsync();
        _f.AgentSilent.Findings.Add(_f.Seed.AgentFinding("agent_silent", _agent));

        await _f.EvaluateAfterAsync(TimeSpan.FromHours(5));

        Assert.Equal([("job_missed", AlertChangeKind.Fired), ("agent_silent", AlertChangeKind.Fired)], _f.Changes.Select(c => (c.Rule, c.Kind)));
        Assert.Contains("1 alert of this agent held back", _f.Changes[1].Detail, StringComparison.Ordinal);
    }
}
