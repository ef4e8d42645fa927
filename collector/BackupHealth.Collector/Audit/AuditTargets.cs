using System.Globalization;
using BackupHealth.Collector.Audit;

namespace BackupHealth.Collector.Audit;

/// <summary>How a target is written: <c>kind:key</c>. The audit log finds the customer of a job, alert or site
/// target itself.</summary>
internal static class AuditTargets
{
    public static string User(string name) => "user:" + name;

    public static string ApiToken(string id) => "api-token:" + id;

    public static string AgentToken(string id) => "agent-token:" + id;

    public static string EnrolmentToken(long id) => Of("enrolment-token", id);

    public static string Agent(string customer, string site, string agentId) => $"agent:{customer}/{site}/{agentId}";

    public static string Job(long id) => Of("job", id);

    public static string Alert(long id) => Of("alert", id);

    public static string Site(long id) => Of("site", id);

    public static string Silence(long id) => Of("silence", id);

    public static string MaintenanceWindow(long id) => Of("maintenance-window", id);

    public static string Vm(string customer, string site, string itemId) => $"vm:{customer}/{site}/{itemId}";

    public const string Collector = "collector";

    /// <summary>The kind and numeric key of a target (key 0 when it has none).</summary>
    public static (string Kind, long Key) Split(string target)
    {
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (target, 0)
            : (target[..colon], long.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : 0);
    }

    private static string Of(string kind, long id) => kind + ":" + id.ToString(CultureInfo.InvariantCulture);
}
