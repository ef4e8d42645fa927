using System.Net;
using BackupHealth.Collector.Limits;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Limits;

public sealed class FailureWindowTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_key_is_blocked_at_the_limit_until_its_oldest_failure_leaves_the_window()
    {
        var window = new FailureWindow(3, TimeSpan.FromMinutes(5), _time);
        Assert.False(window.Record("a"));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(window.Record("a"));
        Assert.Null(window.RetryAfter("a"));

        Assert.True(window.Record("a"));

        Assert.Equal(TimeSpan.FromMinutes(4), window.RetryAfter("a"));
        Assert.Null(window.RetryAfter("b"));
        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(window.RetryAfter("a"));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_add_up()
    {
        var window = new FailureWindow(2, TimeSpan.FromMinutes(1), _time);
        for (var i = 0; i < 10; i++)
        {
            window.Record("a");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Null(window.RetryAfter("a"));
    }

    [Theory]
    [InlineData("127.0.0.2", "127.0.0.2")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void Addresses_are_counted_as_ipv4_or_by_ipv6_slash_64(string address, string key)
    {
        Assert.Equal(key, AddressKey.Of(IPAddress.Parse(address)));
    }
}
