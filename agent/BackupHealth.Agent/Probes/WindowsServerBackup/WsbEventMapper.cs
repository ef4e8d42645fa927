using System.Globalization;
using BackupHealth.Agent.Probes.Shared.EventLog;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

/// <summary>Turns a <c>Microsoft-Windows-Backup</c> event into an observation. The event id decides the status; the
/// rendered message is localized and never parsed, only the named data (<c>HRESULT</c>, <c>DetailedHRESULT</c>,
/// <c>BackupTime</c>, <c>BackupTarget</c>) is used.</summary>
internal static class WsbEventMapper
{
    /// <summary>Meaning of each event id read, in our own words.</summary>
    private static readonly Dictionary<int, (RunStatus Status, string Outcome, string Text)> Meanings = new()
    {
        [4] = (RunStatus.Success, "success", ""),
        [5] = (RunStatus.Failed, "failed", "the backup failed"),
        [7] = (RunStatus.Warning, "completed_with_errors", "the backup completed with errors: some items were not backed up"),
        [9] = (RunStatus.Failed, "vss_failed", "the backup failed: the volume shadow copy (VSS) could not be made"),
        [19] = (RunStatus.Failed, "failed_to_start", "the backup failed to start"),
        [49] = (RunStatus.Failed, "no_storage_location", "the backup did not run: no backup storage location was found"),
        [51] = (RunStatus.Warning, "low_on_space", "the backup storage location is running low on free space"),
        [146] = (RunStatus.Warning, "volume_missing", "a volume included in the backup is missing"),
    };

    public static IReadOnlyList<int> EventIds { get; } = [.. Meanings.Keys.Order()];

    /// <summary>A BackupTime further before its event than this is not trusted as the run's start.</summary>
    private static readonly TimeSpan MaxRunLength = TimeSpan.FromDays(2);

    public static Observation ToObservation(string probeName, string jobName, string host, WindowsEvent record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var known = Meanings.TryGetValue(record.EventId, out var meaning);
        if (!known)
        {
            meaning = (RunStatus.Failed, "unknown", string.Create(CultureInfo.InvariantCulture, $"Windows Server Backup event {record.EventId}"));
        }

        var end = DateTime.SpecifyKind(record.TimeCreatedUtc, DateTimeKind.Utc);
        var backupTime = UtcTime(Value(record.Data, "BackupTime"));
        var start = backupTime is { } begun && begun <= end && end - begun <= MaxRunLength ? begun : end;
        var hresult = Hresult(Value(record.Data, "HRESULT"));
        var detailed = Hresult(Value(record.Data, "DetailedHRESULT"));
        var target = Value(record.Data, "BackupTarget");
        var observation = new Observation
        {
            Id = StableId.Of(probeName, record.LogName, record.EventId.ToString(CultureInfo.InvariantCulture),
                record.RecordId.ToString(CultureInfo.InvariantCulture), end.Ticks.ToString(CultureInfo.InvariantCulture)),
            SourceKind = WsbProbe.SourceKind,
            JobKey = WsbProbe.JobKeyOf(probeName),
            JobName = jobName,
            ProtectedObject = Limit(host, ObservationLimits.MaxNameLength),
            Status = meaning.Status,
            StartTime = Timestamp.FromDateTime(start),
            EndTime = Timestamp.FromDateTime(end),
            Message = Limit(Message(meaning.Text, hresult, detailed, target), ObservationLimits.MaxMessageLength),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = probeName,
        };
        var attributes = observation.Attributes;
        attributes["log"] = Limit(record.LogName, ObservationLimits.MaxAttributeValueLength);
        attributes["event_id"] = record.EventId.ToString(CultureInfo.InvariantCulture);
        attributes["record_id"] = record.RecordId.ToString(CultureInfo.InvariantCulture);
        attributes["outcome"] = meaning.Outcome;
        Set(attributes, "hresult", hresult);
        Set(attributes, "detailed_hresult", detailed);
        Set(attributes, "backup_target", target);
        Set(attributes, "backup_time", Value(record.Data, "BackupTime"));
        return observation;
    }

    private static string Message(string text, string? hresult, string? detailed, string? target)
    {
        var parts = new List<string>();
        if (text.Length > 0)
        {
            parts.Add(text);
        }

        if (hresult is not null)
        {
            parts.Add(detailed is not null && detailed != hresult ? $"HRESULT {hresult}, detailed {detailed}" : $"HRESULT {hresult}");
        }
        else if (detailed is not null)
        {
            parts.Add($"detailed HRESULT {detailed}");
        }

        if (target is not null && text.Length > 0)
        {
            parts.Add($"target {target}");
        }

        return string.Join("; ", parts);
    }

    /// <summary>HRESULTs as Windows people read them (<c>0x807800C5</c>), whether the event holds hex or a signed or
    /// unsigned decimal; any other text is kept as it is.</summary>
    internal static string? Hresult(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        if (raw.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && uint.TryParse(raw.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return string.Create(CultureInfo.InvariantCulture, $"0x{hex:X8}");
        }

        return long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number is >= int.MinValue and <= uint.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"0x{unchecked((uint)number):X8}")
            : raw;
    }

    /// <summary>BackupTime is UTC in the event (an ISO 8601 time in its XML); a value without a zone is read as UTC.</summary>
    private static DateTime? UtcTime(string? raw) =>
        raw is not null && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time.UtcDateTime
            : null;

    private static string? Value(IReadOnlyDictionary<string, string> data, string name) =>
        data.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static void Set(Google.Protobuf.Collections.MapField<string, string> attributes, string key, string? value)
    {
        if (value is not null)
        {
            attributes[key] = Limit(value, ObservationLimits.MaxAttributeValueLength);
        }
    }

    private static string Limit(string text, int length) => text.Length <= length ? text : text[..length];
}
