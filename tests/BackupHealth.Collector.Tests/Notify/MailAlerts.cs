using BackupHealth.Collector.Notify;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Alert changes with what the evaluator fills in for messages (job id, product, host, location, since when),
/// for tests of what a message says.</summary>
internal static class MailAlerts
{
    /// <summary>A Veeam job's failure with everything the evaluator fills in.</summary>
    public static AlertChange Job(long alertId, AlertChangeKind kind = AlertChangeKind.Fired) => Change(alertId, kind: kind) with
    {
        JobId = 17,
        SourceKind = "veeam.vbr",
        HostName = "hv01",
        Location = @"\\nas01\backups\SQL01.vbk",
        Since = At.AddHours(-10),
        LastSuccess = At.AddHours(-34),
        EventId = $"bh-{alertId}-{NotificationText.ChangeName(kind)}-1748779200000",
    };

    /// <summary>An agent's alert: no job, a detail of several lines, no runs.</summary>
    public static AlertChange SilentAgent(long alertId) => Change(alertId, rule: "agent_silent", title: "Agent hv02-agent silent for 3 h") with
    {
        Subject = "agent:hv02-agent",
        AgentKey = "hv02-agent",
        JobName = null,
        HostName = "hv02",
        LastHeard = At.AddHours(-3),
        Since = At.AddHours(-3),
        Detail = "last heard from 2025-06-01 09:00 UTC\nhost hv02, Contoso Ltd / Head office\nan agent is silent after 15 min without a connection",
        LastRuns = [],
    };
}
