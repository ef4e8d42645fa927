using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Tests.Rules;

namespace BackupHealth.Collector.Tests.Expectations;

public sealed class ExpectationResolverTests
{
    private static readonly DateTimeOffset Monday = JobHistory.Monday;
    private readonly ExpectationResolver _resolver = JobHistory.Resolver(new ExpectationOptions
    {
        DefaultInterval = TimeSpan.FromHours(12),
        DefaultGrace = TimeSpan.FromMinutes(90),
    });

    private static JobHistory Daily() => new JobHistory().Daily(Monday.AddHours(22), 20);

    [Fact]
    public void A_setting_wins_over_history()
    {
        var history = Daily();
        history.Setting = new ExpectationSetting(TimeSpan.FromDays(7), null, TimeSpan.FromHours(12));

        var expectation = _resolver.Resolve(history.Build());

        Assert.Equal((ExpectationSource.Set, TimeSpan.FromDays(7), TimeSpan.FromHours(12)), (expectation.Source, expectation.Interval, expectation.Grace));
    }

    [Fact]
    public void A_set_schedule_is_parsed()
    {
        var history = Daily();
        history.Setting = new ExpectationSetting(null, "weekdays 22:00 Europe/Amsterdam", null);

        var expectation = _resolver.Resolve(history.Build());

        Assert.Equal((ExpectationSource.Set, "weekdays 22:00 Europe/Amsterdam"), (expectation.Source, expectation.Schedule?.Text));
        Assert.Equal(TimeSpan.FromMinutes(90), expectation.Grace);
    }

    [Fact]
    public void History_is_learned_when_nothing_is_set()
    {
        var expectation = _resolver.Resolve(Daily().Build());

        Assert.Equal((ExpectationSource.Learned, TimeSpan.FromDays(1)), (expectation.Source, expectation.Interval));
    }

    [Fact]
    public void The_configured_default_applies_until_there_is_history()
    {
        var expectation = _resolver.Resolve(new JobHistory().Daily(Monday, 2).Build());

        Assert.Equal((ExpectationSource.Default, TimeSpan.FromHours(12), TimeSpan.FromMinutes(90)), (expectation.Source, expectation.Interval, expectation.Grace));
    }

    [Fact]
    public void Failed_runs_are_not_history_to_learn_from()
    {
        var history = new JobHistory();
        for (var i = 0; i < 10; i++)
        {
            history.Run(Monday.AddHours(i), Contracts.V1.RunStatus.Failed);
        }

        Assert.Equal(ExpectationSource.Default, _resolver.Resolve(history.Build()).Source);
    }

    [Fact]
    public void A_stored_schedule_that_no_longer_parses_falls_back_to_learning()
    {
        var history = Daily();
        history.Setting = new ExpectationSetting(null, "daily 22:00 Gone/Zone", null);

        Assert.Equal(ExpectationSource.Learned, _resolver.Resolve(history.Build()).Source);
    }

    private static JobListingSnapshot Stating(string? schedule = null, string? interval = null, DateTimeOffset? nextRun = null)
    {
        var attributes = new Dictionary<string, string>();
        if (schedule is not null)
        {
            attributes["schedule"] = schedule;
        }

        if (interval is not null)
        {
            attributes["interval"] = interval;
        }

        return new JobListingSnapshot(true, Monday, nextRun, StatedSchedule.From(attributes, nextRun));
    }

    [Fact]
    public void A_schedule_the_source_states_wins_over_history_and_a_setting_over_both()
    {
        var history = Daily();
        history.Listing = Stating(schedule: "sat 02:00 Europe/Amsterdam");

        var stated = _resolver.Resolve(history.Build());
        history.Setting = new ExpectationSetting(TimeSpan.FromDays(2), null, null);
        var set = _resolver.Resolve(history.Build());

        Assert.Equal((ExpectationSource.Stated, "sat 02:00 Europe/Amsterdam"), (stated.Source, stated.Schedule?.Text));
        // A weekly rhythm gets the grace a learned weekly job gets; the schedule's start plus the usual hour's run.
        Assert.Equal((TimeSpan.FromHours(6), TimeSpan.FromHours(1)), (stated.Grace, stated.UsualDuration));
        Assert.Equal("source", Expectation.SourceName(stated.Source));
        Assert.Equal((ExpectationSource.Set, TimeSpan.FromDays(2)), (set.Source, set.Interval));
    }

    [Fact]
    public void A_stated_interval_is_taken_with_its_grace()
    {
        var history = new JobHistory();
        history.Listing = Stating(interval: "4h");

        var expectation = _resolver.Resolve(history.Build());

        Assert.Equal((ExpectationSource.Stated, TimeSpan.FromHours(4), TimeSpan.FromHours(1)), (expectation.Source, expectation.Interval, expectation.Grace));
    }

    [Fact]
    public void A_stated_next_run_after_the_last_success_is_the_deadline_and_a_stale_one_is_ignored()
    {
        var lastRun = Monday.AddDays(19).AddHours(22);
        var history = Daily();
        history.Listing = Stating(nextRun: lastRun.AddDays(3));
        var ahead = _resolver.Resolve(history.Build());
        history.Listing = Stating(nextRun: lastRun.AddHours(-1));
        var stale = _resolver.Resolve(history.Build());

        Assert.Equal((ExpectationSource.Stated, lastRun.AddDays(3)), (ahead.Source, ahead.NextRun));
        Assert.Equal(lastRun.AddDays(3).AddHours(1).AddMinutes(90), ahead.Deadline(history.Runs[0].RunTime, Monday));
        Assert.Equal(ExpectationSource.Learned, stale.Source);
    }

    [Theory]
    [InlineData("schedule", "every full moon")]
    [InlineData("schedule", "")]
    [InlineData("interval", "1m")]
    [InlineData("interval", "400d")]
    [InlineData("interval", "soon")]
    public void What_the_source_states_that_does_not_parse_is_left_out(string key, string value)
    {
        Assert.Null(StatedSchedule.From(new Dictionary<string, string> { [key] = value }, nextRun: null));
        var history = Daily();
        history.Listing = new JobListingSnapshot(true, Monday, null, StatedSchedule.From(new Dictionary<string, string> { [key] = value }, null));

        Assert.Equal(ExpectationSource.Learned, _resolver.Resolve(history.Build()).Source);
    }

    [Fact]
    public void The_usual_duration_is_the_median_of_the_newest_completed_runs()
    {
        var history = new JobHistory()
            .Run(Monday.AddDays(1), duration: TimeSpan.FromMinutes(50))
            .Run(Monday.AddDays(2), duration: TimeSpan.FromMinutes(70))
            .Run(Monday.AddDays(3), RunStatus.Failed, duration: TimeSpan.FromHours(9))
            .Run(Monday.AddDays(4), duration: TimeSpan.FromMinutes(60));

        Assert.Equal(TimeSpan.FromMinutes(60), CompletedRuns.UsualDuration(history.Runs));
        Assert.Equal(TimeSpan.Zero, CompletedRuns.UsualDuration([]));
    }
}
