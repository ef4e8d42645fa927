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
        var expectation = _resolver.Resolve(new JobHistory().Daily(Monday, 3).Build());

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
}
