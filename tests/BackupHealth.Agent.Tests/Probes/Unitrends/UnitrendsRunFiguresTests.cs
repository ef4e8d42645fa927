using BackupHealth.Agent.Probes.Unitrends;

namespace BackupHealth.Agent.Tests.Probes.Unitrends;

public sealed class UnitrendsRunFiguresTests
{
    [Theory]
    [InlineData("754", 754)]
    [InlineData("90.5", 90.5)]
    [InlineData("00:12:34", 754)]
    [InlineData("26:03:10", 93_790)]
    [InlineData("12:34", 45_240)]
    [InlineData("1.02:03:04", 93_784)]
    public void Durations_are_seconds_or_clock_text(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), UnitrendsRunFigures.Duration(text));

    [Theory]
    [InlineData("-5")]
    [InlineData("00:00")]
    [InlineData("1:xx:00")]
    [InlineData("NaN")]
    public void A_duration_that_is_no_duration_is_unknown(string text) => Assert.Null(UnitrendsRunFigures.Duration(text));

    [Theory]
    [InlineData("100", 100L * 1024 * 1024)]
    [InlineData("0.5", 512L * 1024)]
    [InlineData("1.5 GB", 1536L * 1024 * 1024)]
    [InlineData("2TB", 2L * 1024 * 1024 * 1024 * 1024)]
    [InlineData("300 KB", 300L * 1024)]
    [InlineData("4096 B", 4096L)]
    [InlineData("12 mb", 12L * 1024 * 1024)]
    public void Sizes_are_megabytes_unless_the_text_names_its_unit(string text, long bytes) =>
        Assert.Equal(bytes, UnitrendsRunFigures.SizeBytes(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("big")]
    [InlineData("GB")]
    [InlineData("1e300")]
    public void A_size_that_is_no_size_is_unknown(string text) => Assert.Null(UnitrendsRunFigures.SizeBytes(text));
}
