using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class WarningsRepeatRuleTests
{
    private static readonly DateTimeOffset Night = JobHistory.Monday.AddDays(10).AddHours(22);
    private readonly WarningsRepeatRule _rule = new(Options.Create(new WarningsRepeatOptions()));

    private static JobHistory WithWarnings(int count)
    {
        var history = new JobHistory().Daily(JobHistory.Monday.AddHours(22), 10);
        for (var i = 0; i < count; i++)
        {
            history.Run(Night.AddDays(i), RunStatus.Warning, message: $"VM dc01: changed block tracking reset ({i})");
        }

        return history;
    }

    [Fact]
    public void Fires_on_three_warnings_in_a_row()
    {
        var finding = Fires(_rule, WithWarnings(3).At(Night.AddDays(3)));

        Assert.Equal((AlertSeverity.Warning, "SQL01 nightly: 3 warnings in a row"), (finding.Severity, finding.Title));
        Assert.Equal("the newest 3 finished runs ended with warnings, since 2025-06-12 22:00 UTC; newest (2025-06-14 22:00 UTC): VM dc01: changed block tracking reset (2)", finding.Detail);
    }

    [Fact]
    public void Two_warnings_are_not_enough() => Quiet(_rule, WithWarnings(2).At(Night.AddDays(3)));

    [Fact]
    public void Does_not_fire_on_healthy_history() => Quiet(_rule, WithWarnings(0).At(Night));

    [Fact]
    public void A_running_run_does_not_break_the_streak() =>
        Fires(_rule, WithWarnings(3).Run(Night.AddDays(3), RunStatus.Running).At(Night.AddDays(3)));

    [Fact]
    public void Resolves_when_a_run_succeeds()
    {
        var history = WithWarnings(4);
        Fires(_rule, history.At(Night.AddDays(4)));

        history.Run(Night.AddDays(4));

        Quiet(_rule, history.At(Night.AddDays(4)));
    }

    [Fact]
    public void A_failure_in_between_breaks_the_streak()
    {
        var history = WithWarnings(2).Run(Night.AddDays(2), RunStatus.Failed).Run(Night.AddDays(3), RunStatus.Warning);

        Quiet(_rule, history.At(Night.AddDays(3)));
    }

    [Fact]
    public void The_count_is_configurable()
    {
        var rule = new WarningsRepeatRule(Options.Create(new WarningsRepeatOptions { Count = 5 }));

        Quiet(rule, WithWarnings(4).At(Night.AddDays(4)));
        Fires(rule, WithWarnings(5).At(Night.AddDays(5)));
    }

    [Fact]
    public void Switched_off_it_finds_nothing() =>
        Quiet(new WarningsRepeatRule(Options.Create(new WarningsRepeatOptions { Enabled = false })), WithWarnings(3).At(Night.AddDays(3)));
}
