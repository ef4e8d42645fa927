using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Tests.Rules;

namespace BackupHealth.Collector.Tests.Expectations;

public sealed class ExpectationLearnerTests
{
    private static readonly DateTimeOffset Monday = JobHistory.Monday;

    private static Expectation Learn(JobHistory history)
    {
        var learned = ExpectationLearner.Learn(history.Runs.Select(r => r.RunTime));
        Assert.NotNull(learned);
        Assert.Equal(ExpectationSource.Learned, learned.Source);
        Assert.Null(learned.Schedule);
        return learned;
    }

    [Fact]
    public void Daily_history_with_jitter_learns_one_day()
    {
        var learned = Learn(new JobHistory().Daily(Monday.AddHours(22), 30));

        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromHours(6)), (learned.Interval, learned.Grace));
        Assert.Null(learned.Days);
    }

    [Fact]
    public void Hourly_history_learns_one_hour_with_the_minimum_grace()
    {
        var history = new JobHistory();
        for (var i = 0; i < 48; i++)
        {
            history.Run(Monday.AddHours(i).AddMinutes(15 + (i % 4)));
        }

        var learned = Learn(history);

        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(30)), (learned.Interval, learned.Grace));
        Assert.Null(learned.Days);
    }

    [Fact]
    public void Weekly_history_learns_seven_days()
    {
        var learned = Learn(new JobHistory().Every(TimeSpan.FromDays(7), Monday.AddDays(-1).AddHours(3), 10));

        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromHours(6)), (learned.Interval, learned.Grace));
    }

    [Fact]
    public void Weekday_only_history_learns_one_day_on_Monday_to_Friday()
    {
        var learned = Learn(new JobHistory().Daily(Monday.AddHours(22), 26, on: JobHistory.Weekday));

        Assert.Equal(TimeSpan.FromDays(1), learned.Interval);
        Assert.NotNull(learned.Days);
        Assert.Equal("Mon–Fri", learned.Days.ToString());
    }

    [Fact]
    public void Weekday_only_job_around_midnight_UTC_still_has_five_days()
    {
        // Due at 00:00 UTC on Monday to Friday; some nights it finishes at 23:4x the evening before.
        var history = new JobHistory();
        for (var day = 0; day < 26; day++)
        {
            var due = Monday.AddDays(day);
            if (JobHistory.Weekday(due.DayOfWeek))
            {
                history.Run(due + JobHistory.Jitter(day));
            }
        }

        var learned = Learn(history);
        var friday = history.Runs[0].RunTime;

        // Whether a 23:50 run counts as late Sunday or early Monday, five consecutive days and a weekend off.
        Assert.Equal(5, learned.Days!.Days.Count);
        Assert.Contains("–", learned.Days.ToString(), StringComparison.Ordinal);
        Assert.Equal(friday.AddDays(3) + learned.Grace, learned.Deadline(friday, Monday));
    }

    [Fact]
    public void A_run_after_midnight_counts_for_the_day_it_runs_on()
    {
        // Tuesday to Saturday at 02:00 UTC: the nights after Monday to Friday.
        var learned = Learn(new JobHistory().Daily(Monday.AddHours(2), 27,
            on: d => d is not (DayOfWeek.Sunday or DayOfWeek.Monday), jitter: false));

        Assert.Equal("Tue–Sat", learned.Days!.ToString());
    }

    [Fact]
    public void Monday_Wednesday_Friday_learns_two_days_on_those_days()
    {
        var learned = Learn(new JobHistory().Daily(Monday.AddHours(1), 28,
            on: d => d is DayOfWeek.Monday or DayOfWeek.Wednesday or DayOfWeek.Friday, jitter: false));

        Assert.Equal(TimeSpan.FromDays(2), learned.Interval);
        Assert.Equal("Mon, Wed, Fri", learned.Days!.ToString());
    }

    [Fact]
    public void One_weekend_is_not_yet_evidence_of_a_weekday_only_job()
    {
        var learned = Learn(new JobHistory().Daily(Monday.AddHours(22), 8, on: JobHistory.Weekday));

        Assert.Null(learned.Days);
    }

    [Fact]
    public void A_job_that_went_weekday_only_is_learned_from_recent_weeks()
    {
        // Sixty days of every day, then weekdays only: once four weeks have passed, the old weekends no longer count.
        var history = new JobHistory().Daily(Monday.AddDays(-60).AddHours(22), 60).Daily(Monday.AddHours(22), 33, on: JobHistory.Weekday);

        Assert.Equal("Mon–Fri", Learn(history).Days!.ToString());
    }

    [Fact]
    public void One_odd_run_does_not_skew_it()
    {
        // A manual run in the afternoon, a retry ten minutes after a run, and a three-day outage.
        var history = new JobHistory().Daily(Monday.AddHours(22), 10, jitter: false)
            .Run(Monday.AddDays(3).AddHours(14))
            .Run(Monday.AddDays(5).AddHours(22).AddMinutes(10))
            .Daily(Monday.AddDays(13).AddHours(22), 5, jitter: false);

        Assert.Equal(TimeSpan.FromDays(1), Learn(history).Interval);
    }

    [Fact]
    public void A_job_that_moved_its_schedule_keeps_its_interval()
    {
        var history = new JobHistory().Daily(Monday.AddHours(22), 20).Daily(Monday.AddDays(21).AddHours(2), 5);

        Assert.Equal(TimeSpan.FromDays(1), Learn(history).Interval);
    }

    [Fact]
    public void An_unusual_interval_is_kept_to_the_minute()
    {
        var learned = Learn(new JobHistory().Every(TimeSpan.FromMinutes(100), Monday, 10));

        Assert.Equal((TimeSpan.FromMinutes(100), TimeSpan.FromMinutes(30)), (learned.Interval, learned.Grace));
    }

    [Fact]
    public void Two_successes_learn_nothing() =>
        Assert.Null(ExpectationLearner.Learn(new JobHistory().Daily(Monday, 2).Runs.Select(r => r.RunTime)));

    [Fact]
    public void Three_successes_whose_gaps_agree_are_enough()
    {
        var learned = Learn(new JobHistory().Daily(Monday.AddHours(22), 3));

        Assert.Equal((TimeSpan.FromDays(1), TimeSpan.FromHours(6)), (learned.Interval, learned.Grace));
    }

    [Fact]
    public void Three_successes_whose_gaps_disagree_learn_nothing() =>
        Assert.Null(ExpectationLearner.Learn([Monday, Monday.AddDays(1), Monday.AddDays(8)]));

    [Fact]
    public void A_monthly_job_with_three_runs_is_due_a_longest_month_after_its_last()
    {
        // The first of the month, 02:00: 30 and 31 days apart; a fixed 30.5 days would fire every 31-day month.
        DateTimeOffset[] firsts = [new(2025, 4, 1, 2, 0, 0, TimeSpan.Zero), new(2025, 5, 1, 2, 5, 0, TimeSpan.Zero), new(2025, 6, 1, 1, 58, 0, TimeSpan.Zero)];

        var learned = ExpectationLearner.Learn(firsts);

        Assert.NotNull(learned);
        Assert.Equal((ExpectationSource.Learned, TimeSpan.FromDays(31), TimeSpan.FromHours(6)), (learned.Source, learned.Interval, learned.Grace));
    }

    [Fact]
    public void Every_four_weeks_is_not_monthly()
    {
        var learned = Learn(new JobHistory().Every(TimeSpan.FromDays(28), Monday, 3));

        Assert.Equal(TimeSpan.FromDays(28), learned.Interval);
    }

    [Theory]
    [InlineData("01:00:00", "00:30:00")]
    [InlineData("04:00:00", "01:00:00")]
    [InlineData("12:00:00", "03:00:00")]
    [InlineData("1.00:00:00", "06:00:00")]
    [InlineData("7.00:00:00", "06:00:00")]
    public void Grace_is_a_quarter_of_the_interval_between_30_minutes_and_6_hours(string interval, string grace) =>
        Assert.Equal(TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture),
            ExpectationLearner.GraceFor(TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture)));
}
