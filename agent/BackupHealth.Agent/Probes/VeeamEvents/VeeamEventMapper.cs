using System.Diagnostics.Tracing;
using System.Globalization;
using BackupHealth.Agent.Probes.Shared.EventLog;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Probes.VeeamEvents;

/// <summary>Turns a Veeam job-finished event into an observation from its named data only: <c>JobResult</c> (0
/// Success, 1 Warning, 2 Failed), <c>WillBeRetried</c>, <c>JobName</c>, <c>JobID</c>, <c>JobSessionID</c>. The
/// message text can be localized and its templates changed between versions, so it is never parsed; without a
/// JobResult the event level decides.</summary>
internal static class VeeamEventMapper
{
    public const string BackupLog = "Veeam Backup";
    public const string AgentLog = "Veeam Agent";

    /// <summary>190 backup job, 490 backup copy job, 790 agent backup job managed by VBR.</summary>
    public static readonly IReadOnlyList<int> BackupLogIds = [190, 490, 790];

    /// <summary>190 job result of Veeam Agent for Windows.</summary>
    public static readonly IReadOnlyList<int> AgentLogIds = [190];

    public static Observation ToObservation(string probeName, WindowsEvent record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var data = record.Data;
        var rawResult = Value(data, "JobResult");
        var (status, known) = StatusOf(rawResult, record.Level);
        var sessionId = Value(data, "JobSessionID") ?? string.Create(CultureInfo.InvariantCulture, $"record-{record.RecordId}");
        var jobId = Value(data, "JobID");
        var jobName = Value(data, "JobName") ?? (IsAgentLog(record) ? "Veeam Agent" : "");
        var time = DateTime.SpecifyKind(record.TimeCreatedUtc, DateTimeKind.Utc);
        var observation = new Observation
        {
            Id = StableId.Of(probeName, sessionId, record.LogName, record.EventId.ToString(CultureInfo.InvariantCulture), record.RecordId.ToString(CultureInfo.InvariantCulture)),
            SourceKind = VeeamEventsProbe.SourceKind,
            RunId = Value(data, "JobSessionID") ?? "",
            JobKey = IsJobId(jobId) ? $"{probeName}/{jobId}" : $"{probeName}/{(IsAgentLog(record) ? "agent" : "job")}/{jobName}",
            JobName = jobName,
            Status = status,
            StartTime = Timestamp.FromDateTime(time),
            EndTime = Timestamp.FromDateTime(time),
            Message = Value(data, "Description") ?? (known ? "" : $"Veeam JobResult '{rawResult}'"),
            WillRetry = string.Equals(Value(data, "WillBeRetried"), "True", StringComparison.OrdinalIgnoreCase),
            Verification = new Verification { State = VerificationState.NotVerified },
            ObservedAt = Timestamp.FromDateTimeOffset(now),
            ProbeName = probeName,
        };
        var attributes = observation.Attributes;
        attributes["log"] = record.LogName;
        attributes["event_id"] = record.EventId.ToString(CultureInfo.InvariantCulture);
        attributes["record_id"] = record.RecordId.ToString(CultureInfo.InvariantCulture);
        attributes["session_id"] = sessionId;
        if (rawResult is null)
        {
            attributes["result_from"] = "level";
        }
        else
        {
            attributes["vendor_result"] = rawResult;
        }

        Copy(data, "JobID", attributes, "job_id");
        Copy(data, "JobType", attributes, "job_type");
        Copy(data, "Platform", attributes, "platform");
        Copy(data, "SourceType", attributes, "source_type");
        Copy(data, "VbrHostName", attributes, "vbr_host");
        Copy(data, "VbrVersion", attributes, "vbr_version");
        return observation;
    }

    /// <returns>The status, and whether the value was one Veeam documents.</returns>
    private static (RunStatus Status, bool Known) StatusOf(string? jobResult, EventLevel level)
    {
        if (jobResult is null)
        {
            return (level switch
            {
                EventLevel.Critical or EventLevel.Error => RunStatus.Failed,
                EventLevel.Warning => RunStatus.Warning,
                _ => RunStatus.Success,
            }, true);
        }

        return jobResult.Trim() switch
        {
            "0" => (RunStatus.Success, true),
            "1" => (RunStatus.Warning, true),
            "2" => (RunStatus.Failed, true),
            _ => (RunStatus.Failed, false),
        };
    }

    private static bool IsAgentLog(WindowsEvent record) => string.Equals(record.LogName, AgentLog, StringComparison.OrdinalIgnoreCase);

    private static bool IsJobId(string? jobId) =>
        !string.IsNullOrEmpty(jobId) && !(Guid.TryParse(jobId, out var guid) && guid == Guid.Empty);

    private static string? Value(IReadOnlyDictionary<string, string> data, string name) =>
        data.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static void Copy(IReadOnlyDictionary<string, string> data, string name, Google.Protobuf.Collections.MapField<string, string> attributes, string key)
    {
        if (Value(data, name) is { } value)
        {
            attributes[key] = value;
        }
    }
}
