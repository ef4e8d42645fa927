using BackupHealth.Collector.Alerts.Muting;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class SilenceTests
{
    private static readonly DateTimeOffset Now = AlertFixture.Start;

    private static readonly MuteTarget JobAlert = new("job_failed", 1, "Contoso Ltd", "Head office", "hv01", 42, "sql01");

    private static Silence Matching(string? customer = null, string? site = null, string? agent = null, string? job = null, string? rule = null) =>
        new(1, customer, site, agent, job, rule, Now, Now.AddHours(1), "why", "who", Now);

    [Fact]
    public void Every_set_matcher_must_equal_the_alerts_value()
    {
        Assert.True(Matching(customer: "Contoso Ltd", site: "Head office", agent: "hv01", job: "sql01", rule: "job_failed").Matches(JobAlert));
        Assert.False(Matching(customer: "Contoso Ltd", rule: "job_missed").Matches(JobAlert));
        Assert.False(Matching(customer: "contoso ltd").Matches(JobAlert));
    }

    [Fact]
    public void Job_matches_by_key_or_by_id()
    {
        Assert.True(Matching(job: "sql01").Matches(JobAlert));
        Assert.True(Matching(job: "42").Matches(JobAlert));
        Assert.False(Matching(job: "43").Matches(JobAlert));
    }

    [Fact]
    public void A_job_matcher_does_not_match_an_agent_alert()
    {
        var agentAlert = JobAlert with { Rule = "agent_silent", JobId = null, JobKey = null };

        Assert.False(Matching(job: "sql01").Matches(agentAlert));
        Assert.True(Matching(agent: "hv01").Matches(agentAlert));
    }

    [Fact]
    public void A_silence_is_active_from_its_start_until_just_before_its_end()
    {
        var silence = Matching(rule: "job_failed");

        Assert.Equal(("pending", "active", "active", "expired"),
            (silence.StateAt(Now.AddTicks(-1)), silence.StateAt(Now), silence.StateAt(Now.AddHours(1).AddTicks(-1)), silence.StateAt(Now.AddHours(1))));
    }
}
