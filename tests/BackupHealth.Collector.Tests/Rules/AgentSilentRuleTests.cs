using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.AgentSnapshots;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class AgentSilentRuleTests
{
    private readonly AgentSilentRule _rule = new(Options.Create(new AgentSilentOptions()));

    [Fact]
    public void Fires_when_no_heartbeat_for_longer_than_five_minutes()
    {
        var finding = Fires(_rule, At(Now, Agent(lastSeen: Now.AddMinutes(-12))));

        Assert.Equal(("agent:7", AlertSeverity.Critical, 3L, 7L, (long?)null), (finding.Subject, finding.Severity, finding.SiteId, finding.AgentId, finding.JobId));
        Assert.Equal("Agent hv01 silent for 12 min", finding.Title);
        Assert.Equal("last heard from 2025-06-12 08:48 UTC (host hv01.contoso.local, Contoso Ltd / Head office); an agent is silent after 5 min without a connection", finding.Detail);
    }

    [Fact]
    public void Is_quiet_up_to_the_limit()
    {
        Quiet(_rule, At(Now, Agent(lastSeen: Now.AddMinutes(-5))));
        Fires(_rule, At(Now.AddSeconds(1), Agent(lastSeen: Now.AddMinutes(-5))));
    }

    [Fact]
    public void A_connected_agent_is_not_silent() => Quiet(_rule, At(Now, Agent(lastSeen: Now.AddHours(-1), connected: true)));

    [Fact]
    public void Resolves_when_the_agent_is_heard_from_again()
    {
        Fires(_rule, At(Now, Agent(lastSeen: Now.AddMinutes(-30))));

        Quiet(_rule, At(Now, Agent(lastSeen: Now.AddSeconds(-10))));
    }

    [Fact]
    public void The_limit_is_configurable() =>
        Quiet(new AgentSilentRule(Options.Create(new AgentSilentOptions { AgentSilentAfter = TimeSpan.FromHours(1) })),
            At(Now, Agent(lastSeen: Now.AddMinutes(-30))));
}
