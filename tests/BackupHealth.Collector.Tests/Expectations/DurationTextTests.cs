using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Tests.Expectations;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("1.00:00:00", 24 * 60)]
    [InlineData("02:00:00", 120)]
    [InlineData("1d", 24 * 60)]
    [InlineData("6h", 360)]
    [InlineData("90m", 90)]
    [InlineData("45min", 45)]
    [InlineData("1d12h", 36 * 60)]
    [InlineData(" 2h 30m ", 150)]
    public void Reads_what_people_type(string text, int minutes)
    {
        Assert.True(DurationText.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMinutes(minutes), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("1 week")]
    [InlineData("h")]
    [InlineData("-1d")]
    public void Refuses_what_is_not_a_duration(string text) => Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(30, "30 s")]
    [InlineData(12 * 60, "12 min")]
    [InlineData(3 * 3600 + 600, "3 h 10 min")]
    [InlineData(2 * 86400 + 4 * 3600 + 60, "2 d 4 h")]
    public void Formats_the_largest_two_parts(int seconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(TimeSpan.FromSeconds(seconds)));
}
