namespace BackupHealth.Collector.Rules;

/// <summary>A condition that holds now. <see cref="Subject"/> names what it is about — <c>job:42</c>,
/// <c>agent:7</c>, <c>probe:7:nas-veeam</c>, <c>vm:3:&lt;item id&gt;</c> — and (rule, subject) is the alert's identity.</summary>
/// <param name="Title">One line for a person, e.g. "SQL01 nightly failed".</param>
/// <param name="Detail">Why, with the figures, e.g. "newest run 2026-11-27 02:14 UTC failed: ...".</param>
internal sealed record RuleFinding(
    string Rule,
    string Subject,
    AlertSeverity Severity,
    long SiteId,
    long? AgentId,
    long? JobId,
    string Title,
    string Detail)
{
    /// <summary>When what is missing was due (<c>job_missed</c>); null for other rules.</summary>
    public DateTimeOffset? DueBy { get; init; }
}

internal enum AlertSeverity
{
    Warning = 1,
    Critical = 2,
}

/// <summary>Builds subjects the same way everywhere.</summary>
internal static class Subjects
{
    private const string JobPrefix = "job:";
    private const string VmPrefix = "vm:";

    public static string Job(long jobId) => FormattableString.Invariant($"{JobPrefix}{jobId}");

    public static bool IsJob(string subject) => subject.StartsWith(JobPrefix, StringComparison.Ordinal);

    public static bool IsVm(string subject) => subject.StartsWith(VmPrefix, StringComparison.Ordinal);

    public static string Agent(long agentId) => FormattableString.Invariant($"agent:{agentId}");

    public static string Probe(long agentId, string probeName) => FormattableString.Invariant($"probe:{agentId}:{probeName}");

    /// <summary>A VM of the inventory: its site and the hypervisor's id for it.</summary>
    public static string Vm(long siteId, string itemId) => FormattableString.Invariant($"{VmPrefix}{siteId}:{itemId}");
}
