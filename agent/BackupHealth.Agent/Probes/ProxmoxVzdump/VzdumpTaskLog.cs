namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>What one vzdump task log says: each guest's part, the job's own trailer and the task's last line.</summary>
internal sealed class VzdumpTaskLog
{
    public List<VzdumpGuestLog> Guests { get; } = [];

    /// <summary>The guest ids on the <c>starting new backup job: vzdump 100 101 --...</c> line (empty for
    /// <c>--all</c> or a pool).</summary>
    public List<string> RequestedVmids { get; } = [];

    /// <summary>From <c>skip external VMs: 102, 103</c>: guests of the job that live on other nodes.</summary>
    public HashSet<string> SkippedVmids { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>--storage</c> of the command line, when given.</summary>
    public string? Storage { get; set; }

    /// <summary><c>WARN:</c> lines outside any guest's part.</summary>
    public List<string> JobWarnings { get; } = [];

    /// <summary>From <c>ERROR: Backup job failed - ...</c> (or any other job-level <c>ERROR:</c> line).</summary>
    public string? JobError { get; set; }

    /// <summary>True after <c>Backup job finished successfully</c> or <c>... with errors</c>.</summary>
    public bool JobFinished { get; set; }

    /// <summary>The text after <c>TASK </c> on the last line: <c>OK</c>, <c>WARNINGS: 2</c>, <c>ERROR: ...</c>;
    /// null while the task runs.</summary>
    public string? TaskResult { get; set; }
}
