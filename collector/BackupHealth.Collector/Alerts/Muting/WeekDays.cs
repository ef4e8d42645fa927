namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>The day names of recurring maintenance windows: <c>mon</c> … <c>sun</c>, or <c>daily</c> for all.</summary>
internal static class WeekDays
{
    public const string Daily = "daily";

    private static readonly (string Name, DayOfWeek Day)[] Names =
    [
        ("mon", DayOfWeek.Monday), ("tue", DayOfWeek.Tuesday), ("wed", DayOfWeek.Wednesday), ("thu", DayOfWeek.Thursday),
        ("fri", DayOfWeek.Friday), ("sat", DayOfWeek.Saturday), ("sun", DayOfWeek.Sunday),
    ];

    /// <summary>Parses names into a set; null means every day. False with the offending name when one is unknown.</summary>
    public static bool TryParse(IEnumerable<string> names, out HashSet<DayOfWeek>? days, out string error)
    {
        days = [];
        error = "";
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name == Daily)
            {
                days = null;
                return true;
            }

            var match = Array.FindIndex(Names, n => n.Name == name);
            if (match < 0)
            {
                error = $"unknown day '{raw}': use mon, tue, wed, thu, fri, sat, sun or daily";
                days = null;
                return false;
            }

            days.Add(Names[match].Day);
        }

        if (days.Count == 0)
        {
            error = "at least one day is required (or daily)";
            days = null;
            return false;
        }

        if (days.Count == Names.Length)
        {
            days = null;
        }

        return true;
    }

    /// <summary>The stored form: <c>daily</c>, or names in week order joined by commas.</summary>
    public static string Format(IReadOnlySet<DayOfWeek>? days) =>
        days is null ? Daily : string.Join(',', Names.Where(n => days.Contains(n.Day)).Select(n => n.Name));

    public static IReadOnlyList<string> Split(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
