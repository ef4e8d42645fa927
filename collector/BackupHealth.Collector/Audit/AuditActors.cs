using BackupHealth.Collector.Audit;
namespace BackupHealth.Collector.Audit;

/// <summary>Actors that are not a signed-in user nor an API token (those come from the request: <see cref="HttpAudit"/>).</summary>
internal static class AuditActors
{
    /// <summary>The collector itself, e.g. creating the first admin from its configuration at start.</summary>
    public const string System = "system";

    /// <summary>A person at the collector's machine running <c>add-user</c>, <c>set-password</c> or <c>create-api-token</c>.</summary>
    public const string CommandLine = "command-line";

    /// <summary>An agent acting on its own behalf (enrolment, certificate renewal).</summary>
    public static string Agent(string id) => "agent:" + id;
}
