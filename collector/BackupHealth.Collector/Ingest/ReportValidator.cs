using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Protobuf.Collections;

namespace BackupHealth.Collector.Ingest;

/// <summary>The rules for heartbeats, probe health, job list and inventory reports. Each returns null when valid, else a reason.</summary>
internal static class ReportValidator
{
    public const int MaxInventoryItems = 10_000;

    public static string? Validate(ProbeHealthReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Probes.Count > HelloValidator.MaxProbes)
        {
            return $"probe_health: {report.Probes.Count} probes; the limit is {HelloValidator.MaxProbes}";
        }

        for (var i = 0; i < report.Probes.Count; i++)
        {
            var p = report.Probes[i];
            var error = TextRules.CheckName(p.ProbeName, "probe_name", required: true)
                ?? TextRules.CheckName(p.ProbeType, "probe_type")
                ?? (p.Message.Length > ObservationLimits.MaxMessageLength ? "message is too long" : null)
                ?? CheckDetails(p.Details);
            if (error is not null)
            {
                return $"probe_health: probes[{i}]: {error}";
            }
        }

        return null;
    }

    public static string? Validate(Heartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        var error = heartbeat.OutboxDepth < 0 ? "outbox_depth is negative" : CheckTime(heartbeat.AgentTime, "agent_time");
        error ??= heartbeat.Probes.Count > HelloValidator.MaxProbes
            ? $"{heartbeat.Probes.Count} probes; the limit is {HelloValidator.MaxProbes}"
            : null;
        for (var i = 0; error is null && i < heartbeat.Probes.Count; i++)
        {
            var p = heartbeat.Probes[i];
            error = TextRules.CheckName(p.ProbeName, $"probes[{i}].probe_name", required: true)
                ?? CheckTime(p.LastRun, $"probes[{i}].last_run")
                ?? CheckTime(p.LastSuccess, $"probes[{i}].last_success")
                ?? (p.ConsecutiveFailures < 0 ? $"probes[{i}].consecutive_failures is negative" : null);
        }

        return error is null ? null : $"heartbeat: {error}";
    }

    private static string? CheckDetails(MapField<string, string> details)
    {
        if (details.Count > ObservationLimits.MaxAttributes)
        {
            return $"{details.Count} details; the limit is {ObservationLimits.MaxAttributes}";
        }

        return details.Select(d => TextRules.Check(d.Key, "details key", ObservationLimits.MaxAttributeKeyLength, required: true)
                ?? TextRules.Check(d.Value, $"details[{d.Key}]", ObservationLimits.MaxAttributeValueLength, required: false))
            .FirstOrDefault(e => e is not null);
    }

    public static string? Validate(InventoryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var error = TextRules.CheckName(report.ProbeName, "probe_name", required: true)
            ?? TextRules.CheckName(report.Hypervisor, "hypervisor")
            ?? (report.Items.Count > MaxInventoryItems ? $"{report.Items.Count} items; the limit is {MaxInventoryItems}" : null);
        for (var i = 0; error is null && i < report.Items.Count; i++)
        {
            var item = report.Items[i];
            error = TextRules.Check(item.Id, $"items[{i}].id", ObservationLimits.MaxIdLength, required: true)
                ?? TextRules.CheckName(item.Name, $"items[{i}].name")
                ?? TextRules.CheckName(item.PowerState, $"items[{i}].power_state")
                ?? (item.Attributes.Count > ObservationLimits.MaxAttributes ? $"items[{i}]: too many attributes" : null);
        }

        return error is null ? null : $"inventory: {error}";
    }

    public static string? Validate(JobListReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var error = TextRules.CheckName(report.ProbeName, "probe_name", required: true)
            ?? (report.Jobs.Count > ObservationLimits.MaxListedJobs ? $"{report.Jobs.Count} jobs; the limit is {ObservationLimits.MaxListedJobs}" : null);
        for (var i = 0; error is null && i < report.Jobs.Count; i++)
        {
            error = JobListingValidator.Validate(report.Jobs[i]) is { } problem ? $"jobs[{i}].{problem}" : null;
        }

        return error is null ? null : $"jobs: {error}";
    }

    private static string? CheckTime(Timestamp? time, string field) =>
        time is not null && !ObservationValidator.IsRepresentable(time) ? $"{field} is not a valid timestamp" : null;
}
