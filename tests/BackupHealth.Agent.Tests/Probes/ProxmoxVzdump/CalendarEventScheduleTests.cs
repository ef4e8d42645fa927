using BackupHealth.Agent.Probes.ProxmoxVzdump;

namespace BackupHealth.Agent.Tests.Probes.ProxmoxVzdump;

public sealed class CalendarEventScheduleTests
{
    private const string Zone = "Europe/Berlin";

    /// <summary>Each form as proxmox-time reads it (proxmox-rs <c>proxmox-time/src/calendar_event.rs</c>), and the
    /// collector schedule that fires at exactly the same times.</summary>
    [Theory]
    [InlineData("21:00", "daily 21:00 Europe/Berlin")]
    [InlineData("2:30", "daily 02:30 Europe/Berlin")]
    [InlineData("sat 02:00", "sat 02:00 Europe/Berlin")]
    [InlineData("Saturday 02:00", "sat 02:00 Europe/Berlin")]
    [InlineData("mon..fri 21:00", "mon-fri 21:00 Europe/Berlin")]
    [InlineData("mon,wed,fri 01:30", "mon,wed,fri 01:30 Europe/Berlin")]
    [InlineData("sat..sun 03:00", "sun,sat 03:00 Europe/Berlin")]
    [InlineData("fri..mon 01:00", "sun,mon,fri,sat 01:00 Europe/Berlin")]
    [InlineData("mon..sun 04:00", "daily 04:00 Europe/Berlin")]
    [InlineData("sat", "sat 00:00 Europe/Berlin")]
    [InlineData("daily", "daily 00:00 Europe/Berlin")]
    [InlineData("weekly", "mon 00:00 Europe/Berlin")]
    [InlineData("hourly", "hourly :00 Europe/Berlin")]
    [InlineData("*:30", "hourly :30 Europe/Berlin")]
    [InlineData("15", "hourly :15 Europe/Berlin")]
    [InlineData("*/4:00", "0 */4 * * * Europe/Berlin")]
    [InlineData("2/4:00", "0 2-23/4 * * * Europe/Berlin")]
    [InlineData("*:0/15", "*/15 * * * * Europe/Berlin")]
    [InlineData("*/30", "*/30 * * * * Europe/Berlin")]
    [InlineData("mon..fri 8..17:00", "0 8-17 * * 1-5 Europe/Berlin")]
    [InlineData("mon..fri 8..18/2:00", "0 8-18/2 * * 1-5 Europe/Berlin")]
    [InlineData("sun 21:00,22:00", "0,22 21 * * 0 Europe/Berlin")]
    [InlineData("minutely", "* * * * * Europe/Berlin")]
    [InlineData("02:00 UTC", "daily 02:00 UTC")]
    [InlineData("sat 02:00 UTC", "sat 02:00 UTC")]
    [InlineData("21:00:00", "daily 21:00 Europe/Berlin")]
    [InlineData("5/0:00", "daily 05:00 Europe/Berlin")]
    public void A_weekday_and_time_event_becomes_the_same_schedule_in_the_nodes_zone(string calendarEvent, string expected)
    {
        var schedule = CalendarEventSchedule.ToSchedule(calendarEvent, Zone);

        Assert.Equal(expected, schedule);
    }

    /// <summary>Valid PVE events the collector's schedule cannot say exactly (dates, seconds), and text PVE refuses.</summary>
    [Theory]
    [InlineData("monthly")]
    [InlineData("yearly")]
    [InlineData("quarterly")]
    [InlineData("*-*-01 02:00")]
    [InlineData("sat *-1..7 15:00")]
    [InlineData("2026-12-24 02:00")]
    [InlineData("12-24")]
    [InlineData("21:00:30")]
    [InlineData("*:*:0/10")]
    [InlineData("25:00")]
    [InlineData("mon..fri 21:00 Europe/Berlin")]
    [InlineData("Daily")]
    [InlineData("someday 21:00")]
    [InlineData("")]
    [InlineData(null)]
    public void An_event_that_cannot_be_said_exactly_gives_no_schedule(string? calendarEvent) =>
        Assert.Null(CalendarEventSchedule.ToSchedule(calendarEvent, Zone));

    [Fact]
    public void Without_the_nodes_zone_only_a_UTC_event_gives_a_schedule()
    {
        Assert.Null(CalendarEventSchedule.ToSchedule("21:00", null));
        Assert.Equal("daily 21:00 UTC", CalendarEventSchedule.ToSchedule("21:00 UTC", null));
    }
}
