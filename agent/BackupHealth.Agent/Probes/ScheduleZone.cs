namespace BackupHealth.Agent.Probes;

/// <summary>The time zone a probe writes after a schedule it states (the collector's schedule text ends with an IANA or
/// Windows zone id and splits on spaces, so an id with a space cannot be written as it is).</summary>
internal static class ScheduleZone
{
    /// <summary>The id to state for <paramref name="configured"/> (a probe's <c>TimeZone</c> setting), or this host's
    /// zone when the setting is empty; null when neither can be written (then the probe states no schedule).</summary>
    public static string? IdFor(string? configured) =>
        Stateable(string.IsNullOrEmpty(configured) ? TimeZoneInfo.Local.Id : configured);

    /// <summary><paramref name="id"/> as the collector can read it: as it is without spaces, a Windows id converted to
    /// its IANA id when this runtime can; null otherwise (e.g. <c>Local</c>, a zone the runtime could not identify).</summary>
    public static string? Stateable(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id == "Local")
        {
            return null;
        }

        if (!id.Any(char.IsWhiteSpace))
        {
            return id;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) && !iana.Any(char.IsWhiteSpace) ? iana : null;
    }
}
