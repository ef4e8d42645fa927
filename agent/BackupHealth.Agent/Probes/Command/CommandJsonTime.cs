using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>Times as a script prints them: ISO 8601 that says its zone (<c>Z</c> or an offset), because a script's
/// local time is not guessed.</summary>
internal static partial class CommandJsonTime
{
    public static bool TryParse(string? text, out DateTimeOffset value, out string problem)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "is missing";
            return false;
        }

        if (!HasZone().IsMatch(text.Trim()))
        {
            problem = $"'{text}' has no zone: end it in Z or an offset like +02:00";
            return false;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
        {
            problem = $"'{text}' is not an ISO 8601 time";
            return false;
        }

        problem = "";
        value = value.ToUniversalTime();
        return true;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasZone();
}
