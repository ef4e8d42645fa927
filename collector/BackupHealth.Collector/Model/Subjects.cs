namespace BackupHealth.Collector.Model;

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
