using System.Globalization;
using BackupHealth.Contracts;
using Cronos;
using TimeZoneConverter;

namespace BackupHealth.Collector.Expectations;

/// <summary>Reads a schedule a person typed. Forms (time zone last, UTC when left out):
/// <c>daily 22:00 Europe/Amsterdam</c>, <c>weekdays 22:00</c>, <c>weekends 08:00</c>, <c>mon,wed,fri 01:30 UTC</c>,
/// <c>sat-sun 03:00</c>, <c>hourly :15 UTC</c>, and cron with five fields <c>0 22 * * 1-5 Europe/Amsterdam</c>.</summary>
internal static class ScheduleParser
{
    /// <summary>The same limit for a schedule a person types and one a job listing states.</summary>
    public const int MaxLength = StatedScheduleAttributes.MaxLength;

    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    // Any instant works as long as the check is the same on every machine: does the expression ever fire?
    private static readonly DateTimeOffset NeverCheckFrom = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool TryParse(string? text, out Schedule? schedule, out string error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a schedule must not be empty";
            return false;
        }

        if (text.Length > MaxLength || text.Any(char.IsControl))
        {
            error = $"a schedule must be at most {MaxLength} characters without control characters";
            return false;
        }

        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var cron = IsShortForm(tokens[0])
            ? ShortFormToCron(tokens, out var zoneToken, out error)
            : CronFields(tokens, out zoneToken, out error);
        if (cron is null)
        {
            return false;
        }

        if (!TryFindZone(zoneToken ?? "UTC", out var zone, out error) || !TryParseCron(cron, zone, out var expression, out error))
        {
            return false;
        }

        schedule = new Schedule(string.Join(' ', tokens), expression, zone);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/> with the reason; for schedules that were validated
    /// when they were stored.</summary>
    public static Schedule Parse(string text) =>
        TryParse(text, out var schedule, out var error) ? schedule! : throw new FormatException($"schedule '{text}': {error}");

    // A cron expression starts with its minute field, which has no letters.
    private static bool IsShortForm(string first) => first.Any(char.IsLetter);

    private static string? CronFields(string[] tokens, out string? zoneToken, out string error)
    {
        zoneToken = null;
        if (tokens.Length is not (5 or 6))
        {
            error = $"a cron schedule has 5 fields (minute hour day-of-month month day-of-week) and an optional time zone; got {tokens.Length} parts";
            return null;
        }

        zoneToken = tokens.Length == 6 ? tokens[5] : null;
        error = "";
        return string.Join(' ', tokens[..5]);
    }

    private static string? ShortFormToCron(string[] tokens, out string? zoneToken, out string error)
    {
        zoneToken = null;
        var keyword = tokens[0].ToLowerInvariant();
        if (keyword == "hourly")
        {
            return HourlyToCron(tokens, out zoneToken, out error);
        }

        var dayError = "";
        var days = keyword switch
        {
            "daily" => "*",
            "weekdays" => "1-5",
            "weekends" => "0,6",
            _ => DaysToCron(keyword, out dayError),
        };
        if (days is null)
        {
            error = $"'{tokens[0]}' is not 'daily', 'weekdays', 'weekends', 'hourly', a list of days (mon,wed,fri or mon-fri) or a cron expression: {dayError}";
            return null;
        }

        if (tokens.Length is < 2 or > 3 || !TryParseTimeOfDay(tokens[1], out var hour, out var minute))
        {
            error = $"expected '{tokens[0]} HH:MM [time zone]' with a 24-hour time, e.g. '{tokens[0]} 22:00 Europe/Amsterdam'";
            return null;
        }

        zoneToken = tokens.Length == 3 ? tokens[2] : null;
        error = "";
        return FormattableString.Invariant($"{minute} {hour} * * {days}");
    }

    private static string? HourlyToCron(string[] tokens, out string? zoneToken, out string error)
    {
        zoneToken = null;
        if (tokens.Length is < 2 or > 3 || tokens[1].Length != 3 || tokens[1][0] != ':'
            || !int.TryParse(tokens[1].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var minute) || minute > 59)
        {
            error = "expected 'hourly :MM [time zone]', e.g. 'hourly :15 UTC'";
            return null;
        }

        zoneToken = tokens.Length == 3 ? tokens[2] : null;
        error = "";
        return FormattableString.Invariant($"{minute} * * * *");
    }

    /// <summary>"mon,wed,fri" or "mon-fri" or "sun" (also full names) as a cron day-of-week field.</summary>
    private static string? DaysToCron(string list, out string error)
    {
        var parts = new List<string>();
        foreach (var item in list.Split(','))
        {
            var range = item.Split('-');
            if (range.Length > 2 || !range.All(r => DayNumber(r) >= 0))
            {
                error = $"'{item}' is not a day (sun, mon, tue, wed, thu, fri, sat) or a range of days such as mon-fri";
                return null;
            }

            parts.Add(string.Join('-', range.Select(r => DayNumber(r).ToString(CultureInfo.InvariantCulture))));
        }

        error = "";
        return string.Join(',', parts);
    }

    private static int DayNumber(string name)
    {
        for (var i = 0; i < DayNames.Length; i++)
        {
            var full = ((DayOfWeek)i).ToString().ToLowerInvariant();
            if (name == DayNames[i] || name == full)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryParseTimeOfDay(string text, out int hour, out int minute)
    {
        hour = minute = -1;
        var parts = text.Split(':');
        return parts.Length == 2 && parts[0].Length is 1 or 2 && parts[1].Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour) && hour <= 23
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute) && minute <= 59;
    }

    private static bool TryFindZone(string id, out TimeZoneInfo zone, out string error)
    {
        // TimeZoneConverter finds IANA ids on Windows too, where the runtime needs ICU (off: invariant globalization).
        if (TZConvert.TryGetTimeZoneInfo(id, out zone!))
        {
            error = "";
            return true;
        }

        error = $"unknown time zone '{id}': use an IANA id such as Europe/Amsterdam, America/New_York or UTC";
        return false;
    }

    private static bool TryParseCron(string cron, TimeZoneInfo zone, out CronExpression expression, out string error)
    {
        expression = null!;
        try
        {
            expression = CronExpression.Parse(cron, CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            error = $"'{cron}' is not a valid cron expression: {ex.Message}";
            return false;
        }

        if (expression.GetNextOccurrence(NeverCheckFrom, zone) is null)
        {
            error = $"'{cron}' never occurs";
            return false;
        }

        error = "";
        return true;
    }
}
