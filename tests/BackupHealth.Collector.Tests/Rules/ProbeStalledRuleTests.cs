using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.AgentSnapshots;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class ProbeStalledRuleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private readonly ProbeStalledRule _rule = new(Options.Create(new ProbeStalledOptions()));

    private static ProbeSnapshot Running(TimeSpan? runAge, TimeSpan? interval = null) =>
        Probe(ok: true, failures: 0, message: "") with { Interval = interval ?? Interval, RunAge = runAge };

    [Fact]
    public void Fires_when_the_probe_has_not_run_for_more_than_three_intervals()
    {
        var finding = Fires(_rule, At(Now, Agent(Now, connected: true, Running(TimeSpan.FromMinutes(16)))));

        Assert.Equal(("probe:7:nas-veeam", AlertSeverity.Warning, 3L, 7L), (finding.Subject, finding.Severity, finding.SiteId, finding.AgentId));
        Assert.Equal("Probe nas-veeam on hv01 has stopped running", finding.Title);
        Assert.Equal("no run for 16 min by the agent's latest heartbeat; it runs every 5 min and alerts after 3 intervals without a run; last run 2025-06-12 08:58 UTC", finding.Detail);
    }

    [Fact]
    public void Three_intervals_without_a_run_are_not_yet_a_stall() =>
        Quiet(_rule, At(Now, Agent(Now, connected: true, Running(TimeSpan.FromMinutes(15)))));

    [Fact]
    public void A_probe_that_runs_on_time_is_quiet() =>
        Quiet(_rule, At(Now, Agent(Now, connected: true, Running(TimeSpan.FromMinutes(4)))));

    [Fact]
    public void A_failing_probe_that_keeps_running_is_not_stalled() =>
        Quiet(_rule, At(Now, Agent(Now, connected: true, Probe(ok: false, failures: 9) with { Interval = Interval, RunAge = TimeSpan.FromMinutes(1) })));

    [Fact]
    public void Agents_that_do_not_send_probe_runs_with_heartbeats_are_not_judged() =>
        Quiet(_rule, At(Now, Agent(Now, connected: true, Running(runAge: null))));

    [Fact]
    public void A_probe_without_an_interval_in_the_hello_is_not_judged() =>
        Quiet(_rule, At(Now, Agent(Now, connected: true, Probe(ok: true, failures: 0) with { RunAge = TimeSpan.FromDays(2) })));

    [Fact]
    public void The_number_of_intervals_is_configurable()
    {
        var snapshot = At(Now, Agent(Now, connected: true, Running(TimeSpan.FromMinutes(16))));

        Quiet(new ProbeStalledRule(Options.Create(new ProbeStalledOptions { Intervals = 4 })), snapshot);
        Quiet(new ProbeStalledRule(Options.Create(new ProbeStalledOptions { Enabled = false })), snapshot);
    }

    [Fact]
    public void A_stalled_probe_that_never_finished_a_run_has_no_last_run_in_the_detail() =>
        Assert.Equal("no run for 16 min by the agent's latest heartbeat; it runs every 5 min and alerts after 3 intervals without a run",
            Fires(_rule, At(Now, Agent(Now, connected: true, Running(TimeSpan.FromMinutes(16)) with { LastRun = null }))).Detail);
}
