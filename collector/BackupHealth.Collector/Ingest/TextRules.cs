using BackupHealth.Contracts;

namespace BackupHealth.Collector.Ingest;

/// <summary>Bounds on the free text of messages other than observations (which the shared
/// ObservationValidator checks), so that hostile or broken agents cannot store unbounded or invisible text.</summary>
internal static class TextRules
{
    public static string? Check(string value, string field, int maxLength, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is empty";
        }

        if (value.Length > maxLength)
        {
            return $"{field} is {value.Length} characters long; the limit is {maxLength}";
        }

        return value.Any(char.IsControl) ? $"{field} contains control characters" : null;
    }

    public static string? CheckName(string value, string field, bool required = false) =>
        Check(value, field, ObservationLimits.MaxNameLength, required);
}
