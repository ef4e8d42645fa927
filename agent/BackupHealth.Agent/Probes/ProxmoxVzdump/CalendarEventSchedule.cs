using System.Globalization;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>A Proxmox calendar event (proxmox-time's <c>CalendarEvent</c>, the <c>schedule</c> of a backup job: a subset
/// of systemd.time) as the collector's schedule text, when both say exactly the same thing. Weekdays and a time
/// (<c>21:00</c>, <c>sat 02:00</c>, <c>mon..fri 21:00</c>, <c>*/4:00</c>, <c>*:0/15</c>, <c>daily</c>, <c>weekly</c>,
/// <c>hourly</c>) convert; a date part (<c>monthly</c>, <c>*-*-01</c>, <c>2026-12-24 02:00</c>), seconds other than 0 or
/// anything unparsable give null: the probe then states no schedule rather than a wrong one.</summary>
internal static class CalendarEventSchedule
{
    private const string UtcSuffix = "UTC";
    private static readonly string[] CronDayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <param name="localZone">The zone the node reads the event in (its local time), stated unless the event ends in
    /// <c>UTC</c>; null = unknown, then only a UTC event converts.</param>
    public static string? ToSchedule(string? calendarEvent, string? localZone)
    {
        var text = calendarEvent?.Trim() ?? "";
        var zone = localZone;
        if (text.EndsWith(UtcSuffix, StringComparison.Ordinal))
        {
            zone = "UTC";
            text = text[..^UtcSuffix.Length].TrimEnd(' ');
        }

        return zone is not null && Parse(text) is { } parsed && Format(parsed) is { } schedule ? $"{schedule} {zone}" : null;
    }

    private static Event? Parse(string text)
    {
        var midnight = new Event(AllDays, [Comp.Single(0)], [Comp.Single(0)], [Comp.Single(0)]);
        switch (text)
        {
            case "minutely":
                return new Event(AllDays, [], [], [Comp.Single(0)]);
            case "hourly":
                return midnight with { Hours = [] };
            case "daily":
                return midnight;
            case "weekly":
                return midnight with { Days = DaysOf(1) };
            case "":
                return null;
        }

        var days = AllDays;
        var rest = text;
        var hasDays = char.IsAsciiLetter(text[0]);
        if (hasDays)
        {
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            days = ParseDays(space < 0 ? text : text[..space]);
            rest = space < 0 ? "" : text[space..].TrimStart(' ');
            if (days is null)
            {
                return null; // also monthly, yearly, quarterly, semiannually: they name dates
            }
        }

        if (rest.Length == 0)
        {
            return hasDays ? midnight with { Days = days } : null;
        }

        // A date part (year-month-day or month-day) has a '-', a time never; a second part after a space is a time
        // after a date.
        return rest.Contains('-', StringComparison.Ordinal) || rest.Contains(' ', StringComparison.Ordinal)
            ? null
            : ParseTime(rest, days);
    }

    private static Event? ParseTime(string text, bool[] days)
    {
        var parts = text.Split(':');
        return parts.Length switch
        {
            1 when ParseList(parts[0], 60) is { } minute => new Event(days, [], minute, [Comp.Single(0)]),
            2 when ParseList(parts[0], 24) is { } hour && ParseList(parts[1], 60) is { } minute => new Event(days, hour, minute, [Comp.Single(0)]),
            3 when ParseList(parts[0], 24) is { } hour && ParseList(parts[1], 60) is { } minute && ParseList(parts[2], 60) is { } second
                => new Event(days, hour, minute, second),
            _ => null,
        };
    }

    /// <summary><c>*</c> (any), <c>*/N</c>, or a comma list of <c>V</c>, <c>V..E</c>, <c>V/R</c>, <c>V..E/R</c>.</summary>
    private static List<Comp>? ParseList(string text, int max)
    {
        if (text == "*")
        {
            return [];
        }

        if (text.StartsWith("*/", StringComparison.Ordinal))
        {
            return Number(text[2..], max) is { } step and > 0 ? [new Comp(0, null, step)] : null;
        }

        var list = new List<Comp>();
        foreach (var item in text.Split(','))
        {
            // proxmox-time: a repetition of 0 (V/0, V..E/0) matches V alone.
            var (range, step, single) = item.Split('/') switch
            {
                [var r] => (r, 0, false),
                [var r, var s] when Number(s, max) is { } n => (r, n, n == 0),
                _ => (null, 0, false),
            };
            var bounds = range?.Split("..");
            if (bounds is null || bounds.Length > 2 || bounds.Select(b => Number(b, max)).ToList() is not [{ } start, ..] values
                || values.Any(v => v is null) || (values.Count == 2 && values[1] < start))
            {
                return null;
            }

            list.Add(single ? Comp.Single(start) : new Comp(start, values.Count == 2 ? values[1] : null, step));
        }

        return list;
    }

    private static int? Number(string text, int max) =>
        text.Length > 0 && text.All(char.IsAsciiDigit) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n < max ? n : null;

    /// <summary><c>mon</c>, <c>mon..fri</c>, <c>sat..mon</c> (wraps), <c>mon,wed,fri</c>; full names too, any case.</summary>
    private static bool[]? ParseDays(string text)
    {
        var days = new bool[7];
        foreach (var item in text.Split(','))
        {
            var bounds = item.Split("..").Select(DayNumber).ToList();
            if (bounds.Count > 2 || bounds.Any(b => b < 0))
            {
                return null;
            }

            // Monday-first order as proxmox-time counts; a range whose start comes after its end wraps past Sunday.
            int MondayFirst(int cron) => (cron + 6) % 7;
            var (from, to) = (MondayFirst(bounds[0]), MondayFirst(bounds[^1]));
            for (var d = from; ; d = (d + 1) % 7)
            {
                days[(d + 1) % 7] = true;
                if (d == to)
                {
                    break;
                }
            }
        }

        return days;
    }

    private static int DayNumber(string name)
    {
        for (var i = 0; i < 7; i++)
        {
            if (name.Equals(CronDayNames[i], StringComparison.OrdinalIgnoreCase) || name.Equals(((DayOfWeek)i).ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool[] AllDays => [true, true, true, true, true, true, true];

    private static bool[] DaysOf(params int[] cronDays)
    {
        var days = new bool[7];
        foreach (var d in cronDays)
        {
            days[d] = true;
        }

        return days;
    }

    private static string? Format(Event e)
    {
        if (e.Seconds is not [{ Start: 0, End: null, Step: 0 }])
        {
            return null; // cron has no seconds
        }

        var everyDay = e.Days.All(d => d) || e.Days.All(d => !d);
        if (e.Hours is [{ End: null, Step: 0 } hour] && e.Minutes is [{ End: null, Step: 0 } minute])
        {
            var time = string.Create(CultureInfo.InvariantCulture, $"{hour.Start:D2}:{minute.Start:D2}");
            return everyDay ? $"daily {time}" : $"{DayList(e.Days, CronDayNames)} {time}";
        }

        if (everyDay && e.Hours.Count == 0 && e.Minutes is [{ End: null, Step: 0 } onlyMinute])
        {
            return string.Create(CultureInfo.InvariantCulture, $"hourly :{onlyMinute.Start:D2}");
        }

        var dow = everyDay ? "*" : DayList(e.Days, ["0", "1", "2", "3", "4", "5", "6"]);
        return $"{CronField(e.Minutes, 59)} {CronField(e.Hours, 23)} * * {dow}";
    }

    /// <summary>Days in cron order (Sunday first), three or more in a row as a range: <c>mon-fri</c>, <c>sun,sat</c>.</summary>
    private static string DayList(bool[] days, string[] names)
    {
        var parts = new List<string>();
        for (var d = 0; d < 7; d++)
        {
            if (!days[d])
            {
                continue;
            }

            var end = d;
            while (end + 1 < 7 && days[end + 1])
            {
                end++;
            }

            parts.Add(end - d >= 2 ? $"{names[d]}-{names[end]}" : end > d ? $"{names[d]},{names[end]}" : names[d]);
            d = end;
        }

        return string.Join(',', parts);
    }

    private static string CronField(List<Comp> comps, int max) =>
        comps.Count == 0 ? "*" : string.Join(',', comps.Select(c => c switch
        {
            { Step: 0, End: null } => c.Start.ToString(CultureInfo.InvariantCulture),
            { Step: 0 } => string.Create(CultureInfo.InvariantCulture, $"{c.Start}-{c.End}"),
            { Start: 0, End: null } => string.Create(CultureInfo.InvariantCulture, $"*/{c.Step}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{c.Start}-{c.End ?? max}/{c.Step}"),
        }));

    /// <summary>Days indexed Sunday = 0 as cron counts; empty hour/minute/second lists mean any.</summary>
    private sealed record Event(bool[] Days, List<Comp> Hours, List<Comp> Minutes, List<Comp> Seconds);

    /// <summary>One value (<c>Step</c> 0, no <c>End</c>), a range, or a repetition from <c>Start</c> (to <c>End</c>).</summary>
    private readonly record struct Comp(int Start, int? End, int Step)
    {
        public static Comp Single(int value) => new(value, null, 0);
    }
}
