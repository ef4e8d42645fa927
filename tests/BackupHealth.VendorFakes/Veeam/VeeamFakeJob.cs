namespace BackupHealth.VendorFakes.Veeam;

/// <summary>A job as <see cref="VeeamServer"/> serves it in <c>/api/v1/jobs/states</c>.</summary>
public sealed class VeeamFakeJob
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string Name { get; set; } = "";

    public string Type { get; set; } = "VSphereBackup";

    /// <summary>Running, Inactive, Disabled, ...</summary>
    public string Status { get; set; } = "Inactive";

    public DateTimeOffset? LastRun { get; set; }

    public string LastResult { get; set; } = "None";

    public DateTimeOffset? NextRun { get; set; }

    public string RepositoryName { get; set; } = "Default Backup Repository";

    public int ObjectsCount { get; set; } = 1;

    /// <summary>Bytes transferred by the job's latest session (<c>sessionProgress.transferredSize</c>).</summary>
    public long? TransferredSize { get; set; }

    internal VeeamFakeJob Copy() => (VeeamFakeJob)MemberwiseClone();
}
