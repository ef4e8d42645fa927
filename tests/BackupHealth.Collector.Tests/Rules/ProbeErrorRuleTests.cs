using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.AgentSnapshots;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class ProbeErrorRuleTests
{
    private readonly ProbeErrorRule _rule = new(Options.Create(new ProbeErrorOptions()));

    [Fact]
    public void Fires_after_three_failed_cycles_in_a_row()
    {
        var finding = Fires(_rule, At(Now, Agent(Now, connected: true, Probe(ok: false, failures: 3))));

        Assert.Equal(("probe:7:nas-veeam", AlertSeverity.Warning, 3L, 7L), (finding.Subject, finding.Severity, finding.SiteId, finding.AgentId));
        Assert.Equal("Probe nas-veeam on hv01 cannot read its source", finding.Title);
        Assert.Equal("3 failed cycles in a row, last run 2025-06-12 08:58 UTC, last read its source 2025-06-12 06:00 UTC: 401 Unauthorized: credentials expired", finding.Detail);
    }

    [Fact]
    public void Two_failures_are_not_enough() => Quiet(_rule, At(Now, Agent(Now, connected: true, Probe(ok: false, failures: 2))));

    [Fact]
    public void Resolves_when_the_probe_reads_its_source_again() =>
        Quiet(_rule, At(Now, Agent(Now, connected: true, Probe(ok: true, failures: 0, message: ""))));

    [Fact]
    public void Each_failing_probe_is_its_own_finding()
    {
        var other = Probe(ok: false, failures: 5) with { Name = "pbs" };

        var subjects = _rule.Evaluate(At(Now, Agent(Now, connected: true, Probe(ok: false, failures: 3), other))).Select(f => f.Subject);

        Assert.Equal(["probe:7:nas-veeam", "probe:7:pbs"], subjects);
    }

    [Fact]
    public void The_count_is_configurable() =>
        Quiet(new ProbeErrorRule(Options.Create(new ProbeErrorOptions { Failures = 10 })),
            At(Now, Agent(Now, connected: true, Probe(ok: false, failures: 9))));

    [Fact]
    public void Switched_off_it_finds_nothing() =>
        Quiet(new ProbeErrorRule(Options.Create(new ProbeErrorOptions { Enabled = false })),
            At(Now, Agent(Now, connected: true, Probe(ok: false, failures: 3))));

    [Fact]
    public void The_detail_says_so_when_the_probe_never_ran_to_the_end_or_never_read_its_source()
    {
        var probe = Probe(ok: false, failures: 4) with { LastRun = null, LastSuccess = null };

        var finding = Fires(_rule, At(Now, Agent(Now, connected: true, probe)));

        Assert.Equal("4 failed cycles in a row, never read its source: 401 Unauthorized: credentials expired", finding.Detail);
    }

    [Fact]
    public void A_probe_whose_facts_the_full_outbox_cannot_take_is_alerted_as_the_agents_full_outbox()
    {
        var probe = Probe(ok: false, failures: 3, message: "the agent's outbox cannot take this probe's new facts (12 wait for the next run): No space left on device") with { OutboxFull = true };

        var finding = Fires(_rule, At(Now, Agent(Now, connected: true, probe)));

        Assert.Equal("Outbox of agent hv01 is full: probe nas-veeam cannot queue its facts", finding.Title);
        Assert.Equal("3 cycles in a row: the agent's outbox cannot take this probe's new facts (12 wait for the next run): No space left on device", finding.Detail);
    }
}
