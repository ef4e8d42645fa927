using System.Globalization;
using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Tests.Expectations;

public sealed class ScheduleParserTests
{
    internal static DateTimeOffset Utc(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static Schedule Parse(string text)
    {
        Assert.True(ScheduleParser.TryParse(text, out var schedule, out var error), error);
        return schedule!;
    }

    [Theory]
    [InlineData("daily 22:00 Europe/Amsterdam", "2025-06-02 00:00", "2025-06-02 20:00")] // CEST, UTC+2
    [InlineData("daily 22:00 Europe/Amsterdam", "2025-01-06 00:00", "2025-01-06 21:00")] // CET, UTC+1
    [InlineData("daily 7:05", "2025-06-02 08:00", "2025-06-03 07:05")]
    [InlineData("weekdays 22:00 Europe/Amsterdam", "2025-06-06 21:00", "2025-06-09 20:00")] // Friday night -> Monday
    [InlineData("Weekdays 22:00 Europe/Amsterdam", "2025-06-02 00:00", "2025-06-02 20:00")]
    [InlineData("weekends 08:00 UTC", "2025-06-02 00:00", "2025-06-07 08:00")]
    [InlineData("mon,wed,fri 01:30 UTC", "2025-06-02 02:00", "2025-06-04 01:30")]
    [InlineData("mon-fri 06:00 UTC", "2025-06-07 00:00", "2025-06-09 06:00")]
    [InlineData("monday,thursday 12:00", "2025-06-03 00:00", "2025-06-05 12:00")]
    [InlineData("sun 03:00 America/New_York", "2025-06-02 00:00", "2025-06-08 07:00")] // EDT, UTC-4
    [InlineData("hourly :15 UTC", "2025-06-02 10:20", "2025-06-02 11:15")]
    [InlineData("hourly :15", "2025-06-02 10:00", "2025-06-02 10:15")]
    [InlineData("0 22 * * 1-5 Europe/Amsterdam", "2025-06-06 21:00", "2025-06-09 20:00")]
    [InlineData("0 22 * * 1-5", "2025-06-06 23:00", "2025-06-09 22:00")]
    [InlineData("*/30 * * * * UTC", "2025-06-02 10:05", "2025-06-02 10:30")]
    public void Every_form_gives_the_next_scheduled_time(string text, string after, string expected) =>
        Assert.Equal(Utc(expected), Parse(text).NextAfter(Utc(after)));

    [Fact]
    public void The_text_is_kept_as_written_with_spaces_collapsed() =>
        Assert.Equal("weekdays 22:00 Europe/Amsterdam", Parse("  weekdays   22:00  Europe/Amsterdam ").Text);

    [Fact]
    public void A_time_skipped_by_the_spring_change_runs_at_the_shifted_time()
    {
        // 2025-03-30 02:00 CET jumps to 03:00 CEST in Amsterdam: there is no 02:30 that night.
        var schedule = Parse("daily 02:30 Europe/Amsterdam");

        var onTheNight = schedule.NextAfter(Utc("2025-03-29 12:00"));

        Assert.Equal(Utc("2025-03-30 01:00"), onTheNight); // 03:00 CEST
        Assert.Equal(Utc("2025-03-31 00:30"), schedule.NextAfter(onTheNight!.Value)); // 02:30 CEST
    }

    [Fact]
    public void A_time_repeated_by_the_autumn_change_runs_once()
    {
        // 2025-10-26 03:00 CEST falls back to 02:00 CET: 02:30 happens twice, the job runs at the first.
        var schedule = Parse("daily 02:30 Europe/Amsterdam");

        var onTheNight = schedule.NextAfter(Utc("2025-10-25 12:00"));

        Assert.Equal(Utc("2025-10-26 00:30"), onTheNight); // 02:30 CEST
        Assert.Equal(Utc("2025-10-27 01:30"), schedule.NextAfter(onTheNight!.Value)); // 02:30 CET, next day
    }

    [Fact]
    public void An_evening_job_keeps_its_local_time_across_the_change()
    {
        var schedule = Parse("weekdays 22:00 Europe/Amsterdam");

        Assert.Equal(Utc("2025-03-28 21:00"), schedule.NextAfter(Utc("2025-03-28 12:00"))); // Friday, CET
        Assert.Equal(Utc("2025-03-31 20:00"), schedule.NextAfter(Utc("2025-03-28 22:00"))); // Monday, CEST
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("daily", "expected 'daily HH:MM [time zone]'")]
    [InlineData("daily 25:00", "expected 'daily HH:MM [time zone]'")]
    [InlineData("daily 22:60", "expected 'daily HH:MM [time zone]'")]
    [InlineData("daily 22:00 UTC extra", "expected 'daily HH:MM [time zone]'")]
    [InlineData("daily 22:00 Mars/Olympus_Mons", "unknown time zone 'Mars/Olympus_Mons'")]
    [InlineData("fortnightly 22:00", "'fortnightly' is not 'daily', 'weekdays'")]
    [InlineData("mon,xyz 22:00", "'xyz' is not a day")]
    [InlineData("hourly :75", "expected 'hourly :MM [time zone]'")]
    [InlineData("hourly 15", "expected 'hourly :MM [time zone]'")]
    [InlineData("0 22 * *", "a cron schedule has 5 fields")]
    [InlineData("0 22 * * 1-5 UTC extra", "a cron schedule has 5 fields")]
    [InlineData("0 25 * * *", "'0 25 * * *' is not a valid cron expression")]
    [InlineData("0 0 30 2 *", "'0 0 30 2 *' never occurs")]
    public void A_bad_expression_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(ScheduleParser.TryParse(text, out var schedule, out var error));

        Assert.Null(schedule);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
