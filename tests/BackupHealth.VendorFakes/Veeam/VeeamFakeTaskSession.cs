namespace BackupHealth.VendorFakes.Veeam;

/// <summary>A task session as <see cref="VeeamServer"/> serves it in <c>/api/v1/sessions/{id}/taskSessions</c>: one
/// object (VM) processed by a session. Enum-like fields are free text, as for sessions.</summary>
public sealed class VeeamFakeTaskSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Backup, Replica, Restore, Antivirus (or anything else).</summary>
    public string Type { get; set; } = "Backup";

    public string SessionType { get; set; } = "BackupJob";

    /// <summary>The object's name: the VM's name.</summary>
    public string Name { get; set; } = "";

    public DateTimeOffset CreationTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public string State { get; set; } = "Stopped";

    public string Result { get; set; } = "Success";

    public string? Message { get; set; }

    public bool IsCanceled { get; set; }

    /// <summary><c>algorithm</c>: Full, Increment, Synthetic, None; null when not set.</summary>
    public string? Algorithm { get; set; }

    /// <summary><c>progress.transferredSize</c>; no <c>progress</c> object at all when null.</summary>
    public long? TransferredSize { get; set; }

    /// <summary>The VM's part of a finished session: inside the session's times, Stopped, with its own result.</summary>
    public static VeeamFakeTaskSession For(VeeamFakeSession session, string vmName, string result = "Success", string? message = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new()
        {
            Name = vmName,
            SessionType = session.SessionType,
            CreationTime = session.CreationTime + TimeSpan.FromSeconds(20),
            EndTime = session.EndTime ?? session.CreationTime + TimeSpan.FromSeconds(20),
            State = "Stopped",
            Result = result,
            Message = message,
        };
    }

    internal VeeamFakeTaskSession Copy() => (VeeamFakeTaskSession)MemberwiseClone();
}
