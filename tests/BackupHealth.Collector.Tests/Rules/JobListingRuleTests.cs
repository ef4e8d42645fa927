using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

/// <summary>job_disabled and job_disappeared: what the source's job list says.</summary>
public sealed class JobListingRuleTests
{
    private static readonly DateTimeOffset Now = JobHistory.Monday.AddDays(10).AddHours(9);
    private readonly JobDisabledRule _disabled = new(Options.Create(new JobDisabledOptions()));
    private readonly JobDisappearedRule _disappeared = new(Options.Create(new JobDisappearedOptions()));

    private static JobHistory Listed(bool enabled) => new JobHistory()
    {
        ListedByProbe = true,
        Listing = new JobListingSnapshot(enabled, Now.AddMinutes(-10), NextRun: null),
    }.Run(Now.AddHours(-11));

    [Fact]
    public void Disabled_fires_when_the_source_reports_the_job_disabled()
    {
        var finding = Fires(_disabled, Listed(enabled: false).At(Now));

        Assert.Equal(("job:42", AlertSeverity.Warning, "SQL01 nightly is disabled"), (finding.Subject, finding.Severity, finding.Title));
        Assert.Equal("veeam.vbr (probe veeam on hv01) reported the job disabled at 2025-06-12 08:50 UTC", finding.Detail);
    }

    [Fact]
    public void Disabled_is_quiet_for_an_enabled_job_and_resolves_when_enabled_again()
    {
        Quiet(_disabled, Listed(enabled: true).At(Now));
        Quiet(_disappeared, Listed(enabled: true).At(Now));
    }

    [Fact]
    public void Disappeared_fires_when_the_latest_list_no_longer_has_the_job()
    {
        var history = Listed(enabled: true);
        history.Listing = null;

        var finding = Fires(_disappeared, history.At(Now));

        Assert.Equal(("job:42", AlertSeverity.Warning, "SQL01 nightly is no longer known to its source"), (finding.Subject, finding.Severity, finding.Title));
        Assert.Equal("probe veeam on hv01 no longer lists job 'sql01-nightly' (veeam.vbr); its last run was 2025-06-11 22:00 UTC", finding.Detail);
        Quiet(_disabled, history.At(Now));
    }

    [Fact]
    public void A_listed_job_that_never_ran_is_missed_only_after_its_first_deadline_from_when_it_was_first_listed()
    {
        var missed = new JobMissedRule(JobHistory.Resolver(), Options.Create(new JobMissedOptions()));
        var listedAt = Now.AddHours(-30);
        var history = new JobHistory
        {
            ListedByProbe = true,
            Listing = new JobListingSnapshot(Enabled: true, Now.AddMinutes(-1), NextRun: null),
            FirstSeen = listedAt,
            NeverRan = true,
        };

        // The default expectation (every 1 d, grace 2 h) counted from the first listing.
        Quiet(missed, history.At(listedAt.AddHours(1)));
        Quiet(missed, history.At(listedAt.AddHours(26)));
        var finding = Fires(missed, history.At(listedAt.AddHours(26).AddMinutes(1)));

        // Only the default says when it is due: a warning asking for the expectation, not a critical page.
        Assert.Equal(("job:42", AlertSeverity.Warning, "SQL01 nightly: no backup within the default expectation"), (finding.Subject, finding.Severity, finding.Title));
        Assert.EndsWith(
            "; never ran: its source has listed it since 2025-06-11 03:00 UTC and no run of it was ever reported; expected every 1 d, grace 2 h (default); due by 2025-06-12 05:00 UTC",
            finding.Detail, StringComparison.Ordinal);
        Quiet(_disabled, history.At(Now));
        Quiet(_disappeared, history.At(Now));
    }

    [Fact]
    public void A_listed_job_that_never_ran_and_is_disabled_fires_job_disabled()
    {
        var history = new JobHistory
        {
            ListedByProbe = true,
            Listing = new JobListingSnapshot(Enabled: false, Now.AddMinutes(-10), NextRun: null),
            FirstSeen = Now.AddHours(-1),
            NeverRan = true,
        };

        Assert.Equal("SQL01 nightly is disabled", Fires(_disabled, history.At(Now)).Title);
    }

    [Fact]
    public void Jobs_of_probes_that_send_no_lists_never_disappear() =>
        Quiet(_disappeared, new JobHistory().Run(Now.AddHours(-11)).At(Now));

    [Fact]
    public void Switched_off_they_find_nothing()
    {
        var disappeared = Listed(enabled: true);
        disappeared.Listing = null;

        Quiet(new JobDisabledRule(Options.Create(new JobDisabledOptions { Enabled = false })), Listed(enabled: false).At(Now));
        Quiet(new JobDisappearedRule(Options.Create(new JobDisappearedOptions { Enabled = false })), disappeared.At(Now));
    }

    [Fact]
    public void A_job_that_disappeared_before_its_first_run_says_no_last_run() =>
        Assert.Equal("probe veeam on hv01 no longer lists job 'sql01-nightly' (veeam.vbr)",
            Fires(_disappeared, new JobHistory { ListedByProbe = true, NeverRan = true, FirstSeen = Now.AddDays(-3) }.At(Now)).Detail);
}
