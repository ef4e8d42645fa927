using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Tests.Model;

/// <summary>One way to write a size, a duration and an age: alerts, e-mails, chat messages and pages all use
/// <see cref="Figures"/>, so the same backup is the same figure everywhere.</summary>
public sealed class FiguresTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(999, "999 B")]
    [InlineData(1_500, "1.5 kB")]
    [InlineData(65_536, "65.5 kB")]
    [InlineData(5_300_000_000, "5.3 GB")]
    [InlineData(99_960_000_000, "100.0 GB")]
    [InlineData(182_000_000_000, "182.0 GB")]
    [InlineData(181_500_000_000, "181.5 GB")]
    [InlineData(41_000_000_000, "41.0 GB")]
    [InlineData(3_200_000_000_000, "3.2 TB")]
    [InlineData(-1_500, "-1.5 kB")]
    public void Sizes_read_in_decimal_units_with_one_decimal(long bytes, string expected) =>
        Assert.Equal(expected, Figures.Size(bytes));

    [Theory]
    [InlineData(30, "30 s")]
    [InlineData(12 * 60, "12 min")]
    [InlineData((28 * 3600) + (5 * 60), "1 d 4 h")]
    [InlineData(3 * 86400, "3 d")]
    public void Durations_give_their_two_largest_parts(int seconds, string expected) =>
        Assert.Equal(expected, Figures.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Ages_read_as_the_duration_since_and_just_now_below_a_minute()
    {
        Assert.Equal("—", Figures.Ago(null, Now));
        Assert.Equal("just now", Figures.Ago(Now.AddSeconds(-59), Now));
        Assert.Equal("5 min ago", Figures.Ago(Now.AddMinutes(-5), Now));
        Assert.Equal("1 d 6 h ago", Figures.Ago(Now.AddHours(-30), Now));
    }
}
