namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>One guest's part of a vzdump task log, from <c>Starting Backup of VM N (type)</c> to its
/// <c>Finished Backup of VM N (hh:mm:ss)</c> or <c>ERROR: Backup of VM N failed - ...</c>.</summary>
internal sealed class VzdumpGuestLog
{
    public required string Vmid { get; init; }

    /// <summary><c>qemu</c> or <c>lxc</c> as the log says it.</summary>
    public required string Type { get; init; }

    /// <summary>From <c>VM Name:</c> / <c>CT Name:</c>; null when the log does not say.</summary>
    public string? Name { get; set; }

    /// <summary>The target of <c>creating vzdump archive '...'</c> (a file) or <c>creating Proxmox Backup Server
    /// archive '...'</c> (a PBS snapshot such as <c>vm/100/2026-11-27T01:00:00Z</c>).</summary>
    public string? Archive { get; set; }

    public long? SizeBytes { get; set; }

    public VzdumpOutcome Outcome { get; set; } = VzdumpOutcome.Started;

    public string? Error { get; set; }

    public List<string> Warnings { get; } = [];

    /// <summary>Host-local wall-clock times, as vzdump prints them (no zone).</summary>
    public DateTime? StartedLocal { get; set; }

    public DateTime? EndedLocal { get; set; }

    /// <summary>From <c>Finished Backup of VM N (hh:mm:ss)</c>.</summary>
    public TimeSpan? Duration { get; set; }
}
