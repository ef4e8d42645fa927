using System.Globalization;

namespace BackupHealth.Agent.Probes.Shared;

/// <summary>Ages as a person reads them: <c>3d 4h</c>, <c>2h 5m</c>, <c>45m</c>, <c>20s</c>.</summary>
internal static class AgeText
{
    public static string Format(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age switch
        {
            { TotalDays: >= 1 } => Two(age.Days, "d", age.Hours, "h"),
            { TotalHours: >= 1 } => Two(age.Hours, "h", age.Minutes, "m"),
            { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{age.Minutes}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{age.Seconds}s"),
        };
    }

    private static string Two(int major, string majorUnit, int minor, string minorUnit) =>
        minor == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{major}{majorUnit}")
            : string.Create(CultureInfo.InvariantCulture, $"{major}{majorUnit} {minor}{minorUnit}");
}
