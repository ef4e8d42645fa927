using System.Globalization;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Veeam's ISO 8601 times carry the server's local offset (<c>2025-03-10T02:00:00.123+02:00</c>).</summary>
internal static class VeeamTime
{
    /// <returns>The instant, or null for empty or unreadable text. A time without an offset is taken as UTC.</returns>
    public static DateTimeOffset? Parse(string? text) =>
        !string.IsNullOrWhiteSpace(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value)
            ? value.ToUniversalTime()
            : null;

    /// <summary>The form sent in <c>createdAfterFilter</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
