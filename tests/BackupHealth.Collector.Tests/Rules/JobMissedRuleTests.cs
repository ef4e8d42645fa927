using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class JobMissedRuleTests
{
    private static readonly DateTimeOffset Monday = JobHistory.Monday;
    private readonly JobMissedRule _rule = new(JobHistory.Resolver(), Options.Create(new JobMissedOptions()));

    /// <summary>The moments between <paramref name="from"/> and <paramref name="to"/>, every half hour.</summary>
    private static IEnumerable<DateTimeOffset> HalfHours(DateTimeOffset from, DateTimeOffset to)
    {
        for (var t = from; t <= to; t = t.AddMinutes(30))
        {
            yield return t;
        }
    }

    private void QuietThroughout(JobHistory history, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var now in HalfHours(from, to))
        {
            Assert.True(!_rule.Evaluate(history.At(now)).Any(), $"fired at {now:u}");
        }
    }

    [Fact]
    public void Missed_fires_after_interval_plus_grace()
    {
        // Four daily runs are learned: every 1 d, grace 6 h.
        var last = Monday.AddDays(3).AddHours(22);
        var history = new JobHistory().Every(TimeSpan.FromDays(1), Monday.AddHours(22), 4);

        Quiet(_rule, history.At(last.AddHours(30)));
        var finding = Fires(_rule, history.At(last.AddHours(30).AddMinutes(1)));

        Assert.Equal(("job:42", AlertSeverity.Critical), (finding.Subject, finding.Severity));
        Assert.Equal("SQL01 nightly missed its backup", finding.Title);
        Assert.Equal(
            "last successful run 2025-06-05 22:00 UTC (1 d 6 h ago); expected every 1 d, grace 6 h (learned); due by 2025-06-07 04:00 UTC",
            finding.Detail);
    }

    [Fact]
    public void Judged_only_against_the_default_a_miss_is_a_warning_that_asks_for_the_expectation()
    {
        // Two runs are too few to learn from and the source states nothing: the default (1 day + 2 h grace) applies.
        var last = Monday.AddDays(1).AddHours(22);
        var history = new JobHistory().Every(TimeSpan.FromDays(1), Monday.AddHours(22), 2);

        Quiet(_rule, history.At(last.AddHours(26)));
        var finding = Fires(_rule, history.At(last.AddHours(26).AddMinutes(1)));

        Assert.Equal(("job:42", AlertSeverity.Warning), (finding.Subject, finding.Severity));
        Assert.Equal("SQL01 nightly: no backup within the default expectation", finding.Title);
        Assert.Equal(
            "expectation not known yet — set it on the job's page (the source states no schedule and there are too few runs to learn one); "
            + "last successful run 2025-06-03 22:00 UTC (1 d 2 h ago); expected every 1 d, grace 2 h (default); due by 2025-06-05 00:00 UTC",
            finding.Detail);
    }

    [Fact]
    public void A_new_weekly_job_whose_source_states_its_schedule_is_not_missed_after_a_day()
    {
        // The case: one run of a new weekly job; its source (e.g. a Proxmox job) says "sat 02:00".
        var firstRun = Monday.AddDays(5).AddHours(3); // Saturday 03:00 UTC, an hour's run
        var history = new JobHistory
        {
            Listing = new JobListingSnapshot(true, firstRun, null, StatedSchedule.From(
                new Dictionary<string, string> { ["schedule"] = "sat 02:00 UTC" }, null)),
        }.Run(firstRun);

        QuietThroughout(history, firstRun, firstRun.AddDays(7).AddHours(6));
        var finding = Fires(_rule, history.At(firstRun.AddDays(7).AddHours(6).AddMinutes(1)));

        Assert.Equal(AlertSeverity.Critical, finding.Severity);
        Assert.Contains("expected schedule sat 02:00 UTC, grace 6 h after its usual 1 h (source); due by 2025-06-14 09:00 UTC", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_next_run_the_source_states_is_the_deadline_until_a_later_success()
    {
        var last = Monday.AddHours(23);
        var next = Monday.AddDays(14).AddHours(22); // a fortnightly job, as the source says
        var history = new JobHistory { Listing = new JobListingSnapshot(true, last, next, StatedSchedule.From(null, next)) }
            .Run(last, duration: TimeSpan.FromMinutes(30));

        QuietThroughout(history, last, next.AddHours(2).AddMinutes(30));
        var finding = Fires(_rule, history.At(next.AddHours(2).AddMinutes(31)));

        Assert.Contains("expected next run 2025-06-16 22:00 UTC, grace 2 h after its usual 30 min (source)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nightly_backup_that_ran_but_failed_verification_is_not_missed_as_well()
    {
        // One fact, one alert: the corrupt export is verification_failed's; the job did run that night.
        var last = Monday.AddDays(3).AddHours(22);
        var history = new JobHistory().Every(TimeSpan.FromDays(1), Monday.AddHours(22), 3)
            .Run(last, verification: VerificationState.Failed);

        QuietThroughout(history, last, last.AddHours(30));
        Fires(_rule, history.At(last.AddHours(30).AddMinutes(1)));
    }

    [Fact]
    public void Daily_job_with_normal_jitter_is_not_missed_until_a_night_is_skipped()
    {
        var history = new JobHistory().Daily(Monday.AddHours(22), 30);
        var last = history.Runs[0].RunTime;

        QuietThroughout(history, last, last.AddDays(1).AddHours(6));
        var finding = Fires(_rule, history.At(last.AddDays(1).AddHours(6).AddMinutes(1)));

        Assert.Contains("expected every 1 d, grace 6 h (learned)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Daily_job_is_quiet_across_a_month_of_its_own_jittery_runs()
    {
        // Replay: at every half hour of a month, the history known then must not look missed.
        var full = new JobHistory().Daily(Monday.AddHours(22), 40).Runs.Reverse().ToList();
        for (var day = 10; day < 39; day++)
        {
            var known = new JobHistory();
            foreach (var run in full.Where(r => r.RunTime <= full[day].RunTime))
            {
                known.Run(run.RunTime);
            }

            QuietThroughout(known, full[day].RunTime, full[day + 1].RunTime);
        }
    }

    [Fact]
    public void Weekly_job_is_not_missed_during_its_week()
    {
        var history = new JobHistory().Every(TimeSpan.FromDays(7), Monday.AddDays(-1).AddHours(3), 8);
        var last = history.Runs[0].RunTime;

        QuietThroughout(history, last, last.AddDays(7).AddHours(6));
        Fires(_rule, history.At(last.AddDays(7).AddHours(6).AddMinutes(1)));
    }

    [Fact]
    public void A_job_that_moved_from_22_00_to_02_00_is_not_missed()
    {
        var history = new JobHistory().Daily(Monday.AddHours(22), 20, jitter: false);
        var lastAt22 = Monday.AddDays(19).AddHours(22);

        // The first run at the new time comes 28 hours after the last one at the old time.
        QuietThroughout(history, lastAt22, lastAt22.AddHours(28));
        history.Daily(lastAt22.AddHours(28), 5, jitter: false);
        var last = lastAt22.AddHours(28).AddDays(4);
        QuietThroughout(history, last, last.AddHours(30));
    }

    [Fact]
    public void Weekday_only_job_is_not_missed_on_the_weekend()
    {
        // Four weeks of Monday to Friday at 22:00; the last run is Friday night.
        var history = new JobHistory().Daily(Monday.AddHours(22), 26, on: JobHistory.Weekday);
        var friday = history.Runs[0].RunTime;
        Assert.Equal(DayOfWeek.Friday, friday.DayOfWeek);

        QuietThroughout(history, friday, friday.AddDays(3).AddHours(6));
        var finding = Fires(_rule, history.At(friday.AddDays(3).AddHours(6).AddMinutes(1)));

        Assert.Contains("expected every 1 d on Mon–Fri, grace 6 h (learned)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Weekday_only_job_is_quiet_on_a_Sunday()
    {
        var history = new JobHistory().Daily(Monday.AddHours(22), 26, on: JobHistory.Weekday);
        var sunday = Monday.AddDays(27).AddHours(12);
        Assert.Equal(DayOfWeek.Sunday, sunday.DayOfWeek);

        Quiet(_rule, history.At(sunday));
    }

    [Fact]
    public void A_set_schedule_is_followed_in_its_time_zone()
    {
        // 22:00 in Amsterdam is 20:00 UTC in June (CEST). Last run Friday 20:30 UTC; next due Monday 20:00 UTC + the
        // usual 1 h run + 1 h grace.
        var history = new JobHistory { Setting = new ExpectationSetting(null, "weekdays 22:00 Europe/Amsterdam", TimeSpan.FromHours(1)) }
            .Daily(Monday.AddHours(20).AddMinutes(30), 5, jitter: false);
        var dueMonday = Monday.AddDays(7).AddHours(22);

        QuietThroughout(history, Monday.AddDays(4).AddHours(21), dueMonday);
        var finding = Fires(_rule, history.At(dueMonday.AddMinutes(1)));

        Assert.Contains("expected schedule weekdays 22:00 Europe/Amsterdam, grace 1 h after its usual 1 h (set); due by 2025-06-09 22:00 UTC", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_set_schedule_after_a_midweek_run_is_due_the_next_evening()
    {
        // Last run Tuesday 20:30 UTC; next due Wednesday 22:00 Amsterdam (20:00 UTC) + the usual 1 h + 1 h grace,
        // not Thursday.
        var history = new JobHistory { Setting = new ExpectationSetting(null, "weekdays 22:00 Europe/Amsterdam", TimeSpan.FromHours(1)) }
            .Daily(Monday.AddHours(20).AddMinutes(30), 2, jitter: false);
        var dueWednesday = Monday.AddDays(2).AddHours(22);

        QuietThroughout(history, Monday.AddDays(1).AddHours(21), dueWednesday);
        var finding = Fires(_rule, history.At(dueWednesday.AddMinutes(1)));

        Assert.Contains("due by 2025-06-04 22:00 UTC", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_that_never_succeeded_counts_from_when_it_was_first_seen()
    {
        var history = new JobHistory { FirstSeen = Monday }.Run(Monday.AddHours(1), RunStatus.Failed);

        Quiet(_rule, history.At(Monday.AddHours(26)));
        var finding = Fires(_rule, history.At(Monday.AddHours(26).AddMinutes(1)));

        Assert.Contains("; no successful run on record since the job was first seen 2025-06-02 00:00 UTC;", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolves_when_a_successful_run_arrives()
    {
        var history = new JobHistory().Daily(Monday.AddHours(22), 10, jitter: false);
        var late = Monday.AddDays(11).AddHours(5);
        Fires(_rule, history.At(late));

        history.Run(late.AddMinutes(-10));

        Quiet(_rule, history.At(late));
    }

    [Fact]
    public void A_warning_counts_as_a_backup_made()
    {
        var history = new JobHistory().Daily(Monday.AddHours(22), 10, jitter: false).Run(Monday.AddDays(10).AddHours(22), RunStatus.Warning);

        Quiet(_rule, history.At(Monday.AddDays(11).AddHours(5)));
    }

    [Fact]
    public void Switched_off_it_finds_nothing()
    {
        var rule = new JobMissedRule(JobHistory.Resolver(), Options.Create(new JobMissedOptions { Enabled = false }));

        Quiet(rule, new JobHistory { FirstSeen = Monday }.At(Monday.AddDays(30)));
    }
}
