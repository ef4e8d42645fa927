using System.Globalization;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class RuleGuideTests
{
    private static readonly DateTimeOffset Heard = new(2026, 12, 7, 2, 12, 0, TimeSpan.Zero);

    private static string At(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [Fact]
    public void A_silent_agent_is_checked_on_its_host_with_when_it_was_last_heard()
    {
        var step = RuleGuide.NextStep(AgentSilentRule.RuleId, new GuideContext(HostName: "SRV01", LastHeard: Heard), At);

        Assert.Equal("Is the BackupHealth Agent service running on host SRV01, and can it reach the collector (network, proxy, certificate)? Last heard 2026-12-07 02:12.", step);
    }

    [Theory]
    [InlineData("veeam.vbr", "Is the job disabled or its schedule changed in the Veeam Backup & Replication console? Is the backup server up? Last success 2026-12-07 02:12.")]
    [InlineData("veeam.agent", "Is the job disabled or its schedule changed in the Veeam Agent's control panel? Is the backup server up? Last success 2026-12-07 02:12.")]
    [InlineData("xenserver.xva", "Did the export schedule run on the pool (XenCenter: tasks), and is the export target mounted? Last success 2026-12-07 02:12.")]
    [InlineData("proxmox.vzdump", "Is the backup job still enabled in Proxmox (Datacenter → Backup) and did the node run it? Last success 2026-12-07 02:12.")]
    [InlineData("restic", "Did the scheduled job start on host nas01 (its scheduler, timer or cron)? Last success 2026-12-07 02:12.")]
    public void A_missed_job_names_what_to_check_in_its_own_product(string sourceKind, string expected) =>
        Assert.Equal(expected, RuleGuide.NextStep(JobMissedRule.RuleId, new GuideContext(sourceKind, "nas01", LastSuccess: Heard), At));

    [Fact]
    public void A_job_that_never_succeeded_says_so_instead_of_a_time()
    {
        var step = RuleGuide.NextStep(JobFailedRule.RuleId, new GuideContext("borg", "nas01"), At);

        Assert.Equal("Run the repository command by hand on host nas01 and read its error (repository lock, password, full disk); no success on record.", step);
    }

    [Fact]
    public void A_verification_failure_names_the_file_to_verify_again()
    {
        var step = RuleGuide.NextStep(VerificationFailedRule.RuleId, new GuideContext("xenserver.xva", Location: "/exports/db01.xva"), At);

        Assert.StartsWith("Run the verification again on /exports/db01.xva;", step, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_rule_falls_back_to_its_id_and_the_alert()
    {
        Assert.Equal("custom check", RuleGuide.Problem("custom_check"));
        Assert.Equal("", RuleGuide.What("custom_check"));
        Assert.Equal("Open the alert for the details.", RuleGuide.NextStep("custom_check", new GuideContext(), At));
        Assert.Equal("the condition cleared", RuleGuide.Cleared("custom_check"));
    }
}
