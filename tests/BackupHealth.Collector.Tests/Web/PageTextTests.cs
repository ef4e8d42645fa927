using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Web;
using BackupHealth.Collector.Web.Pages.Alerts;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>The few words the pages write for counts, versions, problems and alert subjects.</summary>
public sealed class PageTextTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 7, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "site", "0 sites")]
    [InlineData(1, "site", "1 site")]
    [InlineData(2, "site", "2 sites")]
    [InlineData(1, "more problem job", "1 more problem job")]
    public void A_count_takes_the_noun_in_its_number(int count, string noun, string expected) =>
        Assert.Equal(expected, Counted.Of(count, noun));

    [Theory]
    [InlineData("1.4.0+3f2a9c1d5e6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f", "1.4.0+3f2a9c1")]
    [InlineData("1.4.0+3f2a9c1", "1.4.0+3f2a9c1")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("", "")]
    public void An_agent_version_is_shortened_to_seven_characters_of_its_commit(string version, string expected) =>
        Assert.Equal(expected, VersionText.Short(version));

    [Fact]
    public void A_problem_reads_as_what_how_long_ago_and_the_runs_own_words()
    {
        Assert.Equal("failed 3 h ago: repository disk full", ProblemText.Of(new ProblemReason("failed", Now.AddHours(-3), "repository disk full"), Now));
        Assert.Equal("missed, last backup 3 d ago", ProblemText.Of(new ProblemReason("missed, last backup", Now.AddDays(-3)), Now));
        Assert.Equal("disabled at the source", ProblemText.Of(new ProblemReason("disabled at the source"), Now));
    }

    [Theory]
    [InlineData("job:5", "SQL nightly", "hv01", "job SQL nightly · agent hv01")]
    [InlineData("job:5", null, "hv01", "a job no longer reported · agent hv01")]
    [InlineData("agent:7", null, "hv01", "agent hv01")]
    [InlineData("probe:7:nas-veeam", null, "hv01", "probe nas-veeam · agent hv01")]
    [InlineData("vm:3:4c1d0f0e-1111-2222-3333-444455556666", null, "xen01", "VM dc01 · agent xen01")]
    [InlineData("vm:3:gone-vm", null, "xen01", "VM gone-vm · agent xen01")]
    public void An_alert_names_what_it_is_about_by_name_not_by_its_internal_subject(string subject, string? job, string agent, string expected)
    {
        var names = new Dictionary<string, string> { ["vm:3:4c1d0f0e-1111-2222-3333-444455556666"] = "dc01" };

        Assert.Equal(expected, AlertSubjectText.Of(Alert(subject, job, agent), names));
    }

    private static AlertDto Alert(string subject, string? job, string agent) => new(
        1, "k", "rule", subject, "critical", "firing", "title", "detail", "Contoso", "Head office", agent, job is null ? null : 5, job,
        DateTime.UtcNow, DateTime.UtcNow, null, null, null, null, null, null, false, null, 1);
}
