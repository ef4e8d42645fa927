namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>An item of <c>/api/v1/sessions</c>. Enums and times are kept as text: Veeam adds enum values between
/// revisions, and an unknown one must not make the whole page unreadable.</summary>
internal sealed class VeeamSession
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string? JobId { get; set; }

    public string? SessionType { get; set; }

    public string? CreationTime { get; set; }

    public string? EndTime { get; set; }

    public string? State { get; set; }

    public int? ProgressPercent { get; set; }

    public VeeamSessionResult? Result { get; set; }

    public string? PlatformName { get; set; }

    public string? InitiatedBy { get; set; }
}

internal sealed class VeeamSessionResult
{
    public string? Result { get; set; }

    public string? Message { get; set; }

    public bool IsCanceled { get; set; }
}
