using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Contracts;

/// <summary>The one definition of a well-formed observation. Returns null when valid, else a reason that names
/// the field, fit to put in a gRPC status.</summary>
public static class ObservationValidator
{
    // The range a protobuf Timestamp may hold: 0001-01-01 to 9999-12-31.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>True when <paramref name="time"/> is within what a protobuf Timestamp may hold (and so converts).</summary>
    public static bool IsRepresentable(Timestamp time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return time.Seconds is >= MinSeconds and <= MaxSeconds && time.Nanos is >= 0 and <= 999_999_999;
    }

    public static string? Validate(Observation observation, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(observation);
        return CheckText(observation.Id, "id", ObservationLimits.MaxIdLength, required: true)
            ?? CheckText(observation.SourceKind, "source_kind", ObservationLimits.MaxNameLength, required: true)
            ?? CheckText(observation.JobKey, "job_key", ObservationLimits.MaxJobKeyLength, required: true)
            ?? CheckText(observation.RunId, "run_id", ObservationLimits.MaxIdLength, required: false)
            ?? CheckText(observation.JobName, "job_name", ObservationLimits.MaxNameLength, required: false)
            ?? CheckText(observation.ProtectedObject, "protected_object", ObservationLimits.MaxNameLength, required: false)
            ?? CheckText(observation.ProbeName, "probe_name", ObservationLimits.MaxNameLength, required: false)
            ?? CheckText(observation.Message, "message", ObservationLimits.MaxMessageLength, required: false)
            ?? CheckStatus(observation)
            ?? CheckTimes(observation, now, maxClockSkew)
            ?? CheckSize(observation)
            ?? CheckVerification(observation)
            ?? CheckAttributes(observation);
    }

    internal static string? CheckText(string value, string field, int maxLength, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            return $"{field} is empty";
        }

        if (value.Length > maxLength)
        {
            return $"{field} is {value.Length} characters long; the limit is {maxLength}";
        }

        return field != "message" && ContainsControl(value) ? $"{field} contains control characters" : null;
    }

    /// <summary>Whether any character is a control character (<see cref="char.IsControl(char)"/>: U+0000–U+001F and
    /// U+007F–U+009F), searched vectorised: this runs for every text field of every observation ingested.</summary>
    private static bool ContainsControl(ReadOnlySpan<char> value) =>
        value.IndexOfAnyInRange('\u0000', '\u001f') >= 0 || value.IndexOfAnyInRange('\u007f', '\u009f') >= 0;

    private static string? CheckStatus(Observation o) =>
        o.Status is RunStatus.Unspecified || !System.Enum.IsDefined(o.Status)
            ? $"status {o.Status} is not one of success, warning, failed, running"
            : null;

    private static string? CheckTimes(Observation o, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        var latest = now + maxClockSkew;
        string? CheckOne(Timestamp? t, string field)
        {
            if (t is null)
            {
                return null;
            }

            if (!IsRepresentable(t))
            {
                return $"{field} is not a valid timestamp";
            }

            var value = t.ToDateTimeOffset();
            if (value < ObservationLimits.EarliestTime)
            {
                return $"{field} {value:O} is before {ObservationLimits.EarliestTime:yyyy-MM-dd}";
            }

            return value > latest ? $"{field} {value:O} is in the future (collector time {now:O})" : null;
        }

        var error = CheckOne(o.StartTime, "start_time") ?? CheckOne(o.EndTime, "end_time") ?? CheckOne(o.ObservedAt, "observed_at");
        if (error is not null)
        {
            return error;
        }

        if (o.Status != RunStatus.Running && o.EndTime is null)
        {
            return "end_time is missing on a finished run";
        }

        if (o.StartTime is not null && o.EndTime is not null && o.EndTime.ToDateTimeOffset() < o.StartTime.ToDateTimeOffset())
        {
            return $"end_time {o.EndTime.ToDateTimeOffset():O} is before start_time {o.StartTime.ToDateTimeOffset():O}";
        }

        return null;
    }

    private static string? CheckSize(Observation o) =>
        o.SizeBytes < 0 ? $"size_bytes {o.SizeBytes} is negative" : null;

    private static string? CheckVerification(Observation o) =>
        o.Verification is not null && !System.Enum.IsDefined(o.Verification.State)
            ? $"verification.state {o.Verification.State} is unknown"
            : o.Verification is not null && o.Verification.Detail.Length > ObservationLimits.MaxMessageLength
                ? "verification.detail is too long"
                : null;

    private static string? CheckAttributes(Observation o)
    {
        if (o.Attributes.Count > ObservationLimits.MaxAttributes)
        {
            return $"{o.Attributes.Count} attributes; the limit is {ObservationLimits.MaxAttributes}";
        }

        foreach (var (key, value) in o.Attributes)
        {
            var error = CheckText(key, "attribute key", ObservationLimits.MaxAttributeKeyLength, required: true)
                ?? (value.Length > ObservationLimits.MaxAttributeValueLength ? $"attribute '{key}' value is too long" : null);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }
}
