namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Body of a Veeam error answer, e.g. <c>{"errorCode":"Unauthorized","message":"..."}</c>.</summary>
internal sealed class VeeamError
{
    public string? ErrorCode { get; set; }

    public string? Message { get; set; }
}
