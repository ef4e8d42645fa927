namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>An item of <c>/api/v1/sessions/{id}/taskSessions</c>: what one session did to one object (a VM, mostly).
/// As for sessions, enums and times stay text so an unknown value does not make the page unreadable.</summary>
internal sealed class VeeamTaskSession
{
    public string Id { get; set; } = "";

    /// <summary>Backup, Replica, Restore, Antivirus, ...</summary>
    public string? Type { get; set; }

    public string? SessionId { get; set; }

    /// <summary>The object's name: the VM's name for VM jobs.</summary>
    public string? Name { get; set; }

    public string? CreationTime { get; set; }

    public string? EndTime { get; set; }

    public string? State { get; set; }

    public VeeamSessionResult? Result { get; set; }

    /// <summary>Full, Increment, Synthetic or None: what kind of restore point the task wrote.</summary>
    public string? Algorithm { get; set; }

    public VeeamTaskProgress? Progress { get; set; }
}

internal sealed class VeeamTaskProgress
{
    public long? ProcessedSize { get; set; }

    public long? TransferredSize { get; set; }
}
