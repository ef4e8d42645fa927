using BackupHealth.Collector.Alerts.Muting;

namespace BackupHealth.Collector.Tests.Alerts;

public sealed class RecurringWindowTests
{
    private static RecurringWindow Window(string days, string start, string duration, string zone = "Europe/Amsterdam")
    {
        Assert.True(WeekDays.TryParse(days.Split(','), out var set, out _));
        Assert.True(RecurringWindow.TryParseStart(start, out var opens));
        Assert.True(RecurringWindow.TryParseDuration(duration, out var length));
        Assert.True(RecurringWindow.TryFindZone(zone, out var tz));
        return new RecurringWindow(set, opens, length, tz);
    }

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2025-06-07T19:59:59Z", false)] // Saturday 21:59:59 in Amsterdam (UTC+2)
    [InlineData("2025-06-07T20:00:00Z", true)]
    [InlineData("2025-06-07T23:59:59Z", true)] // Sunday 01:59:59 local: opened on Saturday
    [InlineData("2025-06-08T00:00:00Z", false)]
    [InlineData("2025-06-08T20:30:00Z", false)] // Sunday 22:30 local
    [InlineData("2025-06-14T21:00:00Z", true)] // the next Saturday
    public void Saturday_night_window_crosses_midnight_in_its_time_zone(string now, bool active) =>
        Assert.Equal(active, Window("sat", "22:00", "04:00").IsActive(Utc(now)));

    [Theory]
    [InlineData("2025-01-11T20:59:59Z", false)] // winter: UTC+1
    [InlineData("2025-01-11T21:00:00Z", true)]
    [InlineData("2025-01-12T00:59:59Z", true)]
    [InlineData("2025-01-12T01:00:00Z", false)]
    public void The_same_window_follows_the_zone_in_winter(string now, bool active) =>
        Assert.Equal(active, Window("sat", "22:00", "04:00").IsActive(Utc(now)));

    [Theory]
    [InlineData("2025-03-30T00:30:00Z", true)] // 01:30 CET, window 01:00 for 4 h of elapsed time
    [InlineData("2025-03-30T03:59:59Z", true)] // clocks jumped at 02:00 -> 03:00: this is 05:59:59 CEST
    [InlineData("2025-03-30T04:00:00Z", false)]
    public void Duration_is_elapsed_time_across_a_clock_change(string now, bool active) =>
        Assert.Equal(active, Window("sun", "01:00", "04:00").IsActive(Utc(now)));

    [Fact]
    public void A_start_the_clocks_skip_opens_when_the_clock_reaches_the_other_side()
    {
        // 02:30 does not exist on 30 March 2025 in Amsterdam; the window opens at 03:00 CEST = 01:00 UTC.
        var window = Window("sun", "02:30", "01:00");

        Assert.False(window.IsActive(Utc("2025-03-30T00:59:59Z")));
        Assert.True(window.IsActive(Utc("2025-03-30T01:00:00Z")));
    }

    [Fact]
    public void Daily_window_opens_every_day()
    {
        var window = Window("daily", "03:00", "00:30", "UTC");

        Assert.All(Enumerable.Range(0, 7), d => Assert.True(window.IsActive(Utc("2025-06-02T03:15:00Z").AddDays(d))));
        Assert.False(window.IsActive(Utc("2025-06-02T03:30:00Z")));
    }

    [Theory]
    [InlineData("sat,sun", "sat,sun")]
    [InlineData("Sun,SAT", "sat,sun")]
    [InlineData("mon,tue,wed,thu,fri,sat,sun", "daily")]
    [InlineData("daily", "daily")]
    public void Days_are_stored_in_week_order(string given, string stored)
    {
        Assert.True(WeekDays.TryParse(given.Split(','), out var days, out _));
        Assert.Equal(stored, WeekDays.Format(days));
    }

    [Theory]
    [InlineData("weekend", "unknown day 'weekend'")]
    [InlineData("", "unknown day ''")]
    public void Unknown_days_are_refused_by_name(string given, string error)
    {
        Assert.False(WeekDays.TryParse([given], out _, out var message));
        Assert.StartsWith(error, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00")]
    [InlineData("7.00:01")]
    [InlineData("four hours")]
    public void Durations_outside_a_week_or_unreadable_are_refused(string duration) =>
        Assert.False(RecurringWindow.TryParseDuration(duration, out _));
}
