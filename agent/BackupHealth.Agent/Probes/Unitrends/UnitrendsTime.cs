using System.Globalization;

namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>Run times: the epoch <c>sort_start_time</c> is exact and preferred; the display text is the fallback,
/// converted with its own offset when it has one, else read in the appliance's configured time zone.</summary>
internal static class UnitrendsTime
{
    public static DateTimeOffset? Resolve(double? epochSeconds, string? text, TimeZoneInfo applianceZone)
    {
        if (epochSeconds is > 0 and < 253_402_300_799)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(epochSeconds.Value * 1000));
        }

        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return null;
        }

        return parsed.Kind switch
        {
            DateTimeKind.Utc => new DateTimeOffset(parsed, TimeSpan.Zero),
            DateTimeKind.Local => new DateTimeOffset(parsed.ToUniversalTime(), TimeSpan.Zero),
            _ => InZone(parsed, applianceZone),
        };
    }

    private static DateTimeOffset InZone(DateTime wallClock, TimeZoneInfo zone)
    {
        // A wall-clock time skipped by a DST change has no UTC equivalent; the zone's standard offset is as good a
        // guess as any and keeps the run.
        var offset = zone.IsInvalidTime(wallClock) ? zone.BaseUtcOffset : zone.GetUtcOffset(wallClock);
        return new DateTimeOffset(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }
}
