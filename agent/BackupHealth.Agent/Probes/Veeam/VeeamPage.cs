namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>One page of a Veeam collection: <c>{ "data": [...], "pagination": {...} }</c>.</summary>
internal sealed class VeeamPage<T>
{
    public List<T> Data { get; set; } = [];

    public VeeamPagination? Pagination { get; set; }
}

internal sealed class VeeamPagination
{
    public int Total { get; set; }

    public int Count { get; set; }

    public int Skip { get; set; }

    public int Limit { get; set; }
}
