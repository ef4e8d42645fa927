using BackupHealth.Collector.Limits;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Limits;

public sealed class AttemptBucketsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_key_may_take_its_capacity_at_once_then_one_per_share_of_the_window()
    {
        var buckets = new AttemptBuckets(3, TimeSpan.FromSeconds(30), _time);

        var taken = Enumerable.Range(0, 3).Select(i => buckets.TryTake("a", out _)).ToList();
        var refused = buckets.TryTake("a", out _);
        _time.Advance(TimeSpan.FromSeconds(9));
        var early = buckets.TryTake("a", out _);
        _time.Advance(TimeSpan.FromSeconds(1));
        var onTime = buckets.TryTake("a", out _);

        Assert.All(taken, wait => Assert.Null(wait));
        Assert.Equal(TimeSpan.FromSeconds(10), refused);
        Assert.Equal(TimeSpan.FromSeconds(1), early);
        Assert.Null(onTime);
    }

    [Fact]
    public void The_last_attempt_says_it_emptied_the_bucket_and_other_keys_are_not_affected()
    {
        var buckets = new AttemptBuckets(2, TimeSpan.FromMinutes(1), _time);

        buckets.TryTake("a", out var first);
        buckets.TryTake("a", out var second);

        Assert.False(first);
        Assert.True(second);
        Assert.NotNull(buckets.TryTake("a", out _));
        Assert.Null(buckets.TryTake("b", out _));
    }

    [Fact]
    public void A_bucket_refills_to_its_capacity_and_no_more()
    {
        var buckets = new AttemptBuckets(2, TimeSpan.FromMinutes(1), _time);
        buckets.TryTake("a", out _);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Null(buckets.TryTake("a", out _));
        Assert.Null(buckets.TryTake("a", out _));
        Assert.NotNull(buckets.TryTake("a", out _));
    }
}
