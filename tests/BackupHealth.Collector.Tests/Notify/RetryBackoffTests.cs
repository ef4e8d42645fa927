using BackupHealth.Collector.Notify;
using BackupHealth.Retry;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>The notification retries' <see cref="Backoff"/>: equal jitter, never much sooner than the doubling.</summary>
public sealed class RetryBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(50, 3600)]
    public void Doubles_from_the_minimum_up_to_the_maximum(int attempts, int ceilingSeconds)
    {
        var highest = new Backoff(Min, Max, BackoffJitter.Equal, new FixedRandom(1)).After(attempts);
        var lowest = new Backoff(Min, Max, BackoffJitter.Equal, new FixedRandom(0)).After(attempts);

        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds), highest);
        Assert.Equal(TimeSpan.FromSeconds(Math.Max(30, ceilingSeconds / 2.0)), lowest);
    }

    [Fact]
    public void Jitter_spreads_retries_within_bounds()
    {
        var backoff = new Backoff(Min, Max, BackoffJitter.Equal, new Random(42));

        var delays = Enumerable.Range(0, 200).Select(_ => backoff.After(5)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(480)));
        Assert.True(delays.Distinct().Count() > 100, "delays are spread, not all alike");
    }
}
