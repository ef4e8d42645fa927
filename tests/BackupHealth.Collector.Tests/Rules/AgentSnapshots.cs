using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Tests.Rules;

internal static class AgentSnapshots
{
    public static readonly DateTimeOffset Now = JobHistory.Monday.AddDays(10).AddHours(9);

    public static AgentSnapshot Agent(DateTimeOffset lastSeen, bool connected = false, params ProbeSnapshot[] probes) => new(
        AgentId: 7, AgentKey: "hv01", SiteId: 3, Customer: "Contoso Ltd", Site: "Head office", HostName: "hv01.contoso.local",
        FirstSeen: Now.AddDays(-30), LastSeen: lastSeen, Connected: connected, Probes: probes);

    public static ProbeSnapshot Probe(bool ok, int failures, string message = "401 Unauthorized: credentials expired") => new(
        "nas-veeam", "veeam.vbr", ok, message, failures, LastRun: Now.AddMinutes(-2), LastSuccess: Now.AddHours(-3), ReportedAt: Now.AddMinutes(-2));

    public static EvaluationSnapshot At(DateTimeOffset now, params AgentSnapshot[] agents) => new(now, agents, []);
}
