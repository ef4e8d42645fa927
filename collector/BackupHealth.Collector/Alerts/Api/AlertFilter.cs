namespace BackupHealth.Collector.Alerts.Api;

/// <summary>The query of <c>GET /api/v1/alerts</c>. <see cref="State"/> <c>open</c> means firing or acknowledged.</summary>
internal sealed record AlertFilter(string? State, string? Customer, string? Site, string? Rule, string? Severity, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static readonly IReadOnlyList<string> States =
        [AlertStates.Firing, AlertStates.Acknowledged, AlertStates.Resolved, AlertStates.Open];
}
