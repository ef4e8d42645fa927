using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

public sealed class SizeAnomalyRuleTests
{
    private const long Gb = JobHistory.Gigabyte;
    private static readonly DateTimeOffset Night = JobHistory.Monday.AddDays(10).AddHours(22);
    private readonly SizeAnomalyRule _rule = new(Options.Create(new SizeAnomalyOptions()));

    /// <summary>Nights of 180–190 GB, then one more of <paramref name="newest"/> bytes.</summary>
    private static JobHistory History(long newest, int previous = 8)
    {
        var history = new JobHistory();
        for (var i = 0; i < previous; i++)
        {
            history.Run(Night.AddDays(i - previous), size: (180 + (i % 3 * 5)) * Gb);
        }

        return history.Run(Night, size: newest);
    }

    [Fact]
    public void Fires_when_a_backup_silently_shrank()
    {
        var finding = Fires(_rule, History(41 * Gb).At(Night));

        Assert.Equal((AlertSeverity.Warning, "SQL01 nightly: backup much smaller than usual"), (finding.Severity, finding.Title));
        Assert.Equal("run of 2025-06-12 22:00 UTC wrote 41.0 GB, 22% of the median 185.0 GB of the previous 8 runs (alerts below 50% or above 200%)", finding.Detail);
    }

    [Fact]
    public void A_corrupt_backup_is_verification_failed_alone_not_also_a_size_anomaly()
    {
        var history = History(185 * Gb).Run(Night.AddDays(1), size: 41 * Gb, verification: VerificationState.Failed);

        Quiet(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void Fires_when_a_backup_is_far_larger() =>
        Assert.Equal("SQL01 nightly: backup much larger than usual", Fires(_rule, History(400 * Gb).At(Night)).Title);

    [Theory]
    [InlineData(93)]
    [InlineData(185)]
    [InlineData(370)]
    public void Does_not_fire_within_the_thresholds(long newestGb) => Quiet(_rule, History(newestGb * Gb).At(Night));

    [Fact]
    public void Needs_five_previous_runs()
    {
        Quiet(_rule, History(1 * Gb, previous: 4).At(Night));
        Fires(_rule, History(1 * Gb, previous: 5).At(Night));
    }

    [Fact]
    public void An_unknown_size_is_ignored()
    {
        Quiet(_rule, History(0).At(Night));

        // Unknown sizes in the history are not counted as tiny backups either.
        var history = History(180 * Gb).Run(Night.AddDays(1), size: 0).Run(Night.AddDays(2), size: 178 * Gb);
        Quiet(_rule, history.At(Night.AddDays(2)));
    }

    [Fact]
    public void Failed_runs_are_not_compared()
    {
        var history = History(180 * Gb).Run(Night.AddDays(1), RunStatus.Failed, size: 2 * Gb);

        Quiet(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void Resolves_when_the_next_run_is_normal_again()
    {
        var history = History(41 * Gb);
        Fires(_rule, history.At(Night));

        history.Run(Night.AddDays(1), size: 183 * Gb);

        Quiet(_rule, history.At(Night.AddDays(1)));
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var rule = new SizeAnomalyRule(Options.Create(new SizeAnomalyOptions { BelowPercent = 90, AbovePercent = 110 }));

        Fires(rule, History(160 * Gb).At(Night));
        Fires(rule, History(210 * Gb).At(Night));
    }

    [Fact]
    public void Switched_off_it_finds_nothing() =>
        Quiet(new SizeAnomalyRule(Options.Create(new SizeAnomalyOptions { Enabled = false })), History(41 * Gb).At(Night));
}
