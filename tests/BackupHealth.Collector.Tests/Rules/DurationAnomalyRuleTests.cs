using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class DurationAnomalyRuleTests
{
    private static readonly DateTimeOffset Night = JobHistory.Monday.AddDays(10).AddHours(22);
    private readonly DurationAnomalyRule _rule = new(Options.Create(new DurationAnomalyOptions()));

    /// <summary>Runs of 50–70 minutes, then one of <paramref name="newest"/>.</summary>
    private static JobHistory History(TimeSpan newest, int previous = 8, double usualMinutes = 60)
    {
        var history = new JobHistory();
        for (var i = 0; i < previous; i++)
        {
            history.Run(Night.AddDays(i - previous), duration: TimeSpan.FromMinutes(usualMinutes * (1 + ((i % 3) - 1) / 6.0)));
        }

        return history.Run(Night, duration: newest);
    }

    [Fact]
    public void Fires_when_a_run_took_far_longer()
    {
        var finding = Fires(_rule, History(TimeSpan.FromHours(4)).At(Night));

        Assert.Equal((AlertSeverity.Warning, "SQL01 nightly: run much longer than usual"), (finding.Severity, finding.Title));
        Assert.Equal("run of 2025-06-12 22:00 UTC took 4 h, 400% of the median 1 h of the previous 8 runs (alerts below 20% or above 300%)", finding.Detail);
    }

    [Fact]
    public void Fires_when_a_run_was_far_shorter() =>
        Assert.Equal("SQL01 nightly: run much shorter than usual", Fires(_rule, History(TimeSpan.FromMinutes(5)).At(Night)).Title);

    [Theory]
    [InlineData(15)]
    [InlineData(60)]
    [InlineData(170)]
    public void Does_not_fire_within_the_thresholds(int minutes) => Quiet(_rule, History(TimeSpan.FromMinutes(minutes)).At(Night));

    [Fact]
    public void Needs_five_previous_runs() => Quiet(_rule, History(TimeSpan.FromHours(9), previous: 4).At(Night));

    [Fact]
    public void Jobs_that_usually_take_seconds_are_not_judged() =>
        Quiet(_rule, History(TimeSpan.FromMinutes(5), usualMinutes: 0.5).At(Night));

    [Fact]
    public void Resolves_when_the_next_run_is_normal_again()
    {
        var history = History(TimeSpan.FromHours(4));
        Fires(_rule, history.At(Night));

        history.Run(Night.AddDays(1), duration: TimeSpan.FromMinutes(62));

        Quiet(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void Switched_off_it_finds_nothing() =>
        Quiet(new DurationAnomalyRule(Options.Create(new DurationAnomalyOptions { Enabled = false })), History(TimeSpan.FromHours(4)).At(Night));
}
