using System.Globalization;

namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>XAPI datetimes: <c>20261127T02:14:00Z</c>, sometimes without the <c>Z</c> (XAPI's times are UTC) or with
/// an offset; ISO-8601 with dashes is accepted too. The epoch (<c>19700101T00:00:00Z</c>) means "not set".</summary>
internal static class XapiTime
{
    private static readonly string[] OffsetFormats = ["yyyyMMdd'T'HH:mm:ssK", "yyyyMMdd'T'HH:mm:ss.FFFFFFFK", "yyyyMMdd'T'HHmmssK"];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (!DateTimeOffset.TryParseExact(text.Trim(), OffsetFormats, CultureInfo.InvariantCulture, Utc, out var value)
            && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Utc, out value))
        {
            return null;
        }

        return value.Year <= 1970 ? null : value.ToUniversalTime();
    }
}
