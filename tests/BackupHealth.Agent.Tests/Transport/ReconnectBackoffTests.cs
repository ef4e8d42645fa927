using BackupHealth.Agent.Tests.Support;
using BackupHealth.Agent.Transport;
using BackupHealth.Retry;

namespace BackupHealth.Agent.Tests.Transport;

/// <summary>The reconnects' <see cref="Backoff"/>: full jitter, counted by <see cref="Backoff.Next"/>.</summary>
public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(60);

    [Fact]
    public void Ceiling_doubles_per_failure_and_is_capped_at_the_maximum()
    {
        var backoff = new Backoff(Min, Max, BackoffJitter.Full, new FixedRandom(1.0));

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalSeconds).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void Full_jitter_never_goes_below_the_minimum()
    {
        var backoff = new Backoff(Min, Max, BackoffJitter.Full, new FixedRandom(0.0));

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(Min, backoff.Next()));
    }

    [Fact]
    public void Jitter_spreads_between_minimum_and_ceiling()
    {
        var backoff = new Backoff(Min, Max, BackoffJitter.Full, new FixedRandom(0.5));
        backoff.Next();
        backoff.Next();

        Assert.Equal(TimeSpan.FromSeconds(2.5), backoff.Next()); // ceiling 4 s: 1 + 0.5 * (4 - 1)
    }

    [Fact]
    public void Reset_starts_again_from_the_minimum()
    {
        var backoff = new Backoff(Min, Max, BackoffJitter.Full, new FixedRandom(1.0));
        for (var i = 0; i < 20; i++)
        {
            backoff.Next();
        }

        backoff.Reset();

        Assert.Equal(Min, backoff.Next());
    }
}
