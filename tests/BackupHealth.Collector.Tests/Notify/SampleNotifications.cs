using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>Site notifications as the alert evaluator would hand them over.</summary>
internal static class SampleNotifications
{
    public static readonly DateTimeOffset At = TestCollector.StartTime;

    public static AlertChange Change(
        long alertId, AlertSeverity severity = AlertSeverity.Critical, AlertChangeKind kind = AlertChangeKind.Fired,
        string title = "SQL01 nightly failed", string job = "SQL01 nightly", string rule = "job_failed") => new(
        alertId,
        $"bh-{alertId}",
        rule,
        $"job:{alertId}",
        severity,
        kind,
        title,
        "newest run 2025-06-01 02:14 UTC failed: repository full",
        "agent-1",
        job,
        At.AddHours(-10),
        kind == AlertChangeKind.Resolved ? At : null,
        [
            new RunSummary(RunStatus.Failed, At.AddHours(-10), At.AddHours(-11), At.AddHours(-10), 182_000_000_000, "repository full"),
            new RunSummary(RunStatus.Success, At.AddHours(-34), At.AddHours(-35), At.AddHours(-34), 181_500_000_000, "ok"),
        ]);

    public static SiteNotification Contoso(long siteId, params AlertChange[] changes) => new(siteId, "Contoso Ltd", "Head office", At, changes);

    public static SiteNotification Fabrikam(long siteId, params AlertChange[] changes) => new(siteId, "Fabrikam", "Branch", At, changes);
}
