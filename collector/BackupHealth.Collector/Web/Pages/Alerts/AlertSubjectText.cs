using BackupHealth.Collector.Alerts.Handling;

namespace BackupHealth.Collector.Web.Pages.Alerts;

/// <summary>What an alert is about, by the names people know: "job SQL nightly · agent hv01", "agent hv01", "probe
/// nas-veeam · agent hv01", "VM dc01 · agent hv01" — never the internal subject (<c>job:5</c>, <c>vm:3:&lt;id&gt;</c>),
/// which only identifies the alert.</summary>
internal static class AlertSubjectText
{
    /// <param name="vmNames">VM names by subject (<see cref="AlertQueries.GetVmNamesAsync"/>); a VM missing there is named
    /// by the hypervisor's id for it.</param>
    public static string Of(AlertDto alert, IReadOnlyDictionary<string, string> vmNames)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(vmNames);
        var parts = alert.Subject.Split(':', 3);
        var what = parts[0] switch
        {
            "job" => alert.JobName is { } job ? $"job {job}" : "a job no longer reported",
            "agent" => null,
            "probe" when parts.Length == 3 => $"probe {parts[2]}",
            "vm" when parts.Length == 3 => $"VM {vmNames.GetValueOrDefault(alert.Subject, parts[2])}",
            _ => alert.Subject,
        };
        var agent = alert.AgentId is { } key ? $"agent {key}" : null;
        return what is null && agent is null ? "an agent no longer known" : string.Join(" · ", new[] { what, agent }.Where(p => p is not null));
    }
}
