namespace BackupHealth.VendorFakes.Veeam;

/// <summary>A session as <see cref="VeeamServer"/> serves it. Enum-like fields are free text so a test can serve a
/// value the probe has never seen. Times keep the offset they are given (VBR answers in its local offset).</summary>
public sealed class VeeamFakeSession
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string Name { get; set; } = "";

    public Guid JobId { get; set; }

    public string SessionType { get; set; } = "BackupJob";

    public DateTimeOffset CreationTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Stopped, Working, Starting, ...</summary>
    public string State { get; set; } = "Stopped";

    /// <summary>None, Success, Warning, Failed (or anything else).</summary>
    public string Result { get; set; } = "Success";

    public string? Message { get; set; }

    public bool IsCanceled { get; set; }

    public int? ProgressPercent { get; set; }

    public string PlatformName { get; set; } = "VMware";

    public static VeeamFakeSession Finished(string name, Guid jobId, DateTimeOffset created, TimeSpan duration, string result = "Success", string? message = null) =>
        new()
        {
            Name = name,
            JobId = jobId,
            CreationTime = created,
            EndTime = created + duration,
            State = "Stopped",
            Result = result,
            Message = message,
            ProgressPercent = 100,
        };

    public static VeeamFakeSession Running(string name, Guid jobId, DateTimeOffset created, int progressPercent = 40) =>
        new()
        {
            Name = name,
            JobId = jobId,
            CreationTime = created,
            State = "Working",
            Result = "None",
            ProgressPercent = progressPercent,
        };

    /// <summary>Ends a running session the way VBR does: Stopped, with an end time and a result.</summary>
    public void Finish(DateTimeOffset end, string result = "Success", string? message = null)
    {
        State = "Stopped";
        EndTime = end;
        Result = result;
        Message = message;
        ProgressPercent = 100;
    }

    internal VeeamFakeSession Copy() => (VeeamFakeSession)MemberwiseClone();
}
