using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static BackupHealth.Collector.Tests.Rules.RuleAssert;

namespace BackupHealth.Collector.Tests.Rules;

/// <summary>A forward-incremental job: small incrementals every night, a full ten times their size and four times
/// their length every Sunday. The anomaly rules compare like with like, so the fulls are normal.</summary>
public sealed class LikeWithLikeAnomalyTests
{
    private const long Gb = JobHistory.Gigabyte;
    private static readonly DateTimeOffset FirstMonday = JobHistory.Monday.AddHours(22);
    private static readonly DateTimeOffset FirstSunday = JobHistory.Monday.AddDays(-1).AddHours(22);

    private readonly SizeAnomalyRule _size = new(Options.Create(new SizeAnomalyOptions()));
    private readonly DurationAnomalyRule _duration = new(Options.Create(new DurationAnomalyOptions()));
    private readonly JobHistory _history = new("FS01 forward incremental");
    private FakeTimeProvider _clock = null!;

    /// <summary>Runs a night at a time for <paramref name="nights"/> nights from <paramref name="first"/> (the first
    /// run is a full, as a new job's is), judging after each night; returns the nights on which a rule fired.</summary>
    private List<string> Nights(DateTimeOffset first, int nights, bool typed)
    {
        _clock = new FakeTimeProvider(first);
        var fired = new List<string>();
        for (var i = 0; i < nights; i++)
        {
            var now = _clock.GetUtcNow();
            var full = i == 0 || now.DayOfWeek == DayOfWeek.Sunday;
            var (size, minutes) = full ? ((200 + (i % 2 * 6)) * Gb, 160 + (i % 3 * 8)) : ((18 + (i % 3)) * Gb, 40 + (i % 4 * 3));
            _history.Run(now + JobHistory.Jitter(i), size: size, duration: TimeSpan.FromMinutes(minutes),
                backupType: typed ? (full ? "full" : "incremental") : null);
            var snapshot = _history.At(_clock.GetUtcNow().AddMinutes(30));
            fired.AddRange(_size.Evaluate(snapshot).Concat(_duration.Evaluate(snapshot)).Select(f => $"{now:ddd dd MMM}: {f.Title}"));
            _clock.Advance(TimeSpan.FromDays(1));
        }

        return fired;
    }

    /// <summary>One more Sunday full after five weeks.</summary>
    private RuleFinding NextFull(IAlertRule rule, bool typed, long size = 200 * Gb, int minutes = 160)
    {
        while (_clock.GetUtcNow().DayOfWeek != DayOfWeek.Sunday)
        {
            _clock.Advance(TimeSpan.FromDays(1));
        }

        _history.Run(_clock.GetUtcNow(), size: size, duration: TimeSpan.FromMinutes(minutes), backupType: typed ? "Full" : null);
        return Fires(rule, _history.At(_clock.GetUtcNow().AddMinutes(30)));
    }

    [Fact]
    public void Weekly_fulls_among_nightly_incrementals_are_no_anomaly_when_the_source_says_the_type() =>
        Assert.Empty(Nights(FirstMonday, 35, typed: true));

    [Fact]
    public void A_full_half_the_size_of_the_previous_fulls_fires()
    {
        Nights(FirstMonday, 35, typed: true);

        var finding = NextFull(_size, typed: true, size: 90 * Gb);

        Assert.Equal("FS01 forward incremental: backup much smaller than usual", finding.Title);
        Assert.Contains("wrote 90.0 GB, 45% of the median 200.0 GB of the last 6 full backups", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_far_slower_than_the_previous_fulls_fires()
    {
        Nights(FirstMonday, 35, typed: true);

        var finding = NextFull(_duration, typed: true, minutes: 600);

        Assert.Equal("FS01 forward incremental: run much longer than usual", finding.Title);
        Assert.Contains("of the last 6 full backups", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_backup_type_weekly_fulls_are_compared_with_the_same_weekday() =>
        Assert.Empty(Nights(FirstSunday, 35, typed: false));

    [Fact]
    public void Without_a_backup_type_a_shrunk_sunday_full_fires_against_previous_sundays()
    {
        Nights(FirstSunday, 35, typed: false);

        var finding = NextFull(_size, typed: false, size: 90 * Gb);

        Assert.Equal("FS01 forward incremental: backup much smaller than usual", finding.Title);
        Assert.Contains("of the median 200.0 GB of the previous 5 Sundays", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_without_a_weekday_pattern_is_compared_with_all_its_runs()
    {
        // Nightly 180–190 GB, Sundays included: nothing tells the Sundays apart, so all runs are the baseline.
        var history = new JobHistory();
        for (var i = 0; i < 20; i++)
        {
            history.Run(FirstMonday.AddDays(i), size: (180 + (i % 3 * 5)) * Gb);
        }

        var sunday = FirstMonday.AddDays(20);
        Assert.Equal(DayOfWeek.Sunday, sunday.DayOfWeek);
        history.Run(sunday, size: 41 * Gb);

        Assert.EndsWith("of the median 185.0 GB of the previous 20 runs (alerts below 50% or above 200%)", Fires(_size, history.At(sunday)).Detail,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_is_not_compared_with_incrementals_while_there_are_too_few_fulls()
    {
        // A first full, six incrementals, then the second full: one earlier full is too few to judge by.
        var history = new JobHistory();
        history.Run(FirstMonday, size: 200 * Gb, backupType: "full");
        for (var i = 1; i < 7; i++)
        {
            history.Run(FirstMonday.AddDays(i), size: 18 * Gb, backupType: "incremental");
        }

        history.Run(FirstMonday.AddDays(7), size: 60 * Gb, backupType: "full");

        Quiet(_size, history.At(FirstMonday.AddDays(7)));
    }
}
