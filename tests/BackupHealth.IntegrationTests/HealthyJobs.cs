namespace BackupHealth.IntegrationTests;

/// <summary>The jobs of the 90-days test: every rhythm an MSP's sites have, several in local time across a
/// daylight-saving change (Amsterdam's last Sunday of October or March, New York's a week or two apart).</summary>
internal static class HealthyJobs
{
    public static readonly TimeZoneInfo Amsterdam = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private const long GB = 1024L * 1024 * 1024;
    private const long MB = 1024L * 1024;

    // Before All: static fields are initialised in the order they are written.
    private static readonly DayOfWeek[] MonToFri = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly DayOfWeek[] TueToSat = [DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday];
    private static readonly DayOfWeek[] MonWedFri = [DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Friday];

    public static IReadOnlyList<HealthyJob> All { get; } =
    [
        Daily("sql01 nightly", Utc, 1, 0, 40, 120 * GB),
        Daily("dc01 system state", Utc, 3, 30, 15, 18 * GB),
        Daily("web01 files", Utc, 6, 15, 10, 6 * GB),
        Daily("erp noon dump", Utc, 12, 0, 8, 3 * GB),
        Daily("crm evening", Utc, 18, 45, 25, 40 * GB),
        Daily("mail01 before midnight", Utc, 23, 50, 30, 90 * GB),     // starts either side of midnight UTC
        Daily("fs01 over midnight", Utc, 23, 30, 120, 400 * GB),       // ends the next day (UTC)
        Daily("app01 22:00 Amsterdam", Amsterdam, 22, 0, 35, 60 * GB), // 20:00 UTC in summer, 21:00 in winter
        Daily("hv01 00:30 Amsterdam", Amsterdam, 0, 30, 45, 250 * GB), // the day before in UTC
        Daily("hv02 01:30 Amsterdam", Amsterdam, 1, 30, 50, 300 * GB), // 23:30 UTC in summer, 00:30 in winter
        Daily("nyc01 20:00 New York", NewYork, 20, 0, 30, 80 * GB),
        Hourly("sql01 log backup", 5, 4, 300 * MB),
        Hourly("erp journal", 20, 6, 500 * MB),
        Hourly("crm log backup", 45, 3, 150 * MB),
        Every4Hours("nas sync", 0, 10, 12, 2 * GB),
        Every4Hours("vm snapshots", 2, 30, 20, 15 * GB),
        Every4Hours("db replica", 1, 0, 8, 5 * GB),
        Weekly("weekdays 22:00 Amsterdam", Amsterdam, MonToFri, 22, 0, 30, 50 * GB),
        Weekly("weekdays 07:00", Utc, MonToFri, 7, 0, 20, 25 * GB),
        Weekly("weekdays 01:00 Amsterdam", Amsterdam, MonToFri, 1, 0, 40, 70 * GB), // Sun–Thu in UTC in summer
        Weekly("tue-sat 02:00", Utc, TueToSat, 2, 0, 35, 45 * GB),
        Weekly("tue-sat 03:15 Amsterdam", Amsterdam, TueToSat, 3, 15, 25, 30 * GB),
        Weekly("mon-wed-fri 01:30", Utc, MonWedFri, 1, 30, 60, 150 * GB),
        Weekly("mon-wed-fri 21:00 Amsterdam", Amsterdam, MonWedFri, 21, 0, 45, 90 * GB),
        Weekly("weekly sunday 03:00", Utc, [DayOfWeek.Sunday], 3, 0, 180, 800 * GB),
        Weekly("weekly saturday 23:00 Amsterdam", Amsterdam, [DayOfWeek.Saturday], 23, 0, 150, 600 * GB),
        Weekly("weekly wednesday noon", Utc, [DayOfWeek.Wednesday], 12, 0, 60, 200 * GB),
        Incremental("exchange forward incremental", Amsterdam, DayOfWeek.Sunday, 22, 0, 30, 20 * GB),
        Incremental("fileserver synthetic full", Utc, DayOfWeek.Saturday, 1, 0, 20, 12 * GB),
        Monthly("archive monthly 04:00 Amsterdam", Amsterdam, 4, 0, 240, 1200 * GB),
        Monthly("ledger monthly 23:00", Utc, 23, 0, 90, 300 * GB),
        Daily("nyc02 02:15 New York", NewYork, 2, 15, 20, 35 * GB),
    ];

    private static HealthyJob Daily(string name, TimeZoneInfo zone, int hour, int minute, int minutes, long size) =>
        new(name, zone, _ => true, [new TimeOnly(hour, minute)], TimeSpan.FromMinutes(minutes), size);

    private static HealthyJob Weekly(string name, TimeZoneInfo zone, DayOfWeek[] days, int hour, int minute, int minutes, long size) =>
        new(name, zone, d => days.Contains(d.DayOfWeek), [new TimeOnly(hour, minute)], TimeSpan.FromMinutes(minutes), size);

    private static HealthyJob Incremental(string name, TimeZoneInfo zone, DayOfWeek full, int hour, int minute, int minutes, long size) =>
        new(name, zone, _ => true, [new TimeOnly(hour, minute)], TimeSpan.FromMinutes(minutes), size, full);

    private static HealthyJob Monthly(string name, TimeZoneInfo zone, int hour, int minute, int minutes, long size) =>
        new(name, zone, d => d.Day == 1, [new TimeOnly(hour, minute)], TimeSpan.FromMinutes(minutes), size);

    private static HealthyJob Hourly(string name, int minute, int minutes, long size) =>
        new(name, Utc, _ => true, [.. Enumerable.Range(0, 24).Select(h => new TimeOnly(h, minute))], TimeSpan.FromMinutes(minutes), size);

    private static HealthyJob Every4Hours(string name, int firstHour, int minute, int minutes, long size) =>
        new(name, Utc, _ => true, [.. Enumerable.Range(0, 6).Select(i => new TimeOnly(firstHour + (4 * i), minute))], TimeSpan.FromMinutes(minutes), size);
}
