using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Rules;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Alert changes that carry what a technician acts on (job id, host, product, location, times, event id),
/// as the evaluator fills them in.</summary>
internal static class ChatSamples
{
    public const string Host = "hv01.contoso.local";
    public const string Location = @"D:\Backups\SQL01\SQL01D2025-06-01T020000.vbk";

    public static long JobIdOf(long alertId) => 300 + alertId;

    public static string EventIdOf(long alertId, AlertChangeKind kind) =>
        FormattableString.Invariant($"bh-{alertId}-{NotificationText.ChangeName(kind)}-{At.ToUnixTimeMilliseconds()}");

    /// <summary>A job alert of a Veeam job with everything known.</summary>
    public static AlertChange Job(long alertId, AlertChangeKind kind = AlertChangeKind.Fired, string job = "SQL01 nightly", string rule = "job_failed",
        AlertSeverity severity = AlertSeverity.Critical) =>
        Change(alertId, severity, kind, title: $"{job} {RuleGuide.Problem(rule)}", job: job, rule: rule) with
        {
            JobId = JobIdOf(alertId),
            SourceKind = "veeam.vbr",
            HostName = Host,
            Location = Location,
            Since = At.AddHours(-10),
            LastSuccess = At.AddHours(-34),
            EventId = EventIdOf(alertId, kind),
        };

    /// <summary>An agent_silent alert, whose detail names the alerts it holds back on a line of its own.</summary>
    public static AlertChange SilentAgent(long alertId) =>
        Change(alertId, title: "Agent agent-1 silent for 2 h", job: null!, rule: "agent_silent") with
        {
            Subject = "agent:agent-1",
            JobName = null,
            HostName = Host,
            Detail = "last heard from 2025-06-01 10:00 UTC (host hv01.contoso.local, Contoso Ltd / Head office)\n2 alerts of this agent held back while it is silent: SQL01 nightly failed; FS01 missed",
            LastRuns = [],
            LastHeard = At.AddHours(-2),
            Since = At.AddHours(-2),
            EventId = EventIdOf(alertId, AlertChangeKind.Fired),
        };
}
