namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>An item of <c>/api/v1/jobs/states</c>.</summary>
internal sealed class VeeamJobState
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string? Type { get; set; }

    public string? Status { get; set; }

    public string? LastRun { get; set; }

    public string? LastResult { get; set; }

    public string? NextRun { get; set; }

    public string? RepositoryName { get; set; }

    public int? ObjectsCount { get; set; }

    public VeeamSessionProgress? SessionProgress { get; set; }
}

/// <summary>Figures of the job's latest session.</summary>
internal sealed class VeeamSessionProgress
{
    public long? TransferredSize { get; set; }

    public long? ProcessedSize { get; set; }

    public int? ProgressPercent { get; set; }
}
