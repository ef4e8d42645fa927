namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>The query of <c>GET /api/v1/alerts</c> and of the alerts page. <see cref="State"/> <c>open</c> means
/// firing or acknowledged.</summary>
internal sealed record AlertFilter(string? State, string? Customer, string? Site, string? Rule, string? Severity, int Limit)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static readonly IReadOnlyList<string> States =
        [AlertStates.Firing, AlertStates.Acknowledged, AlertStates.Resolved, AlertStates.Open];

    /// <summary>Only alerts of these customers (a user limited to some customers); null: every customer. Applied in
    /// the query, before <see cref="Limit"/>, so a limited user still gets up to a full page of their own alerts.</summary>
    public IReadOnlySet<string>? Customers { get; init; }

    /// <summary>Case-insensitive (ASCII) text the subject, title or job name contains.</summary>
    public string? Search { get; init; }

    /// <summary>Firing before acknowledged before resolved, critical before warning, then newest; else newest first.</summary>
    public bool WorstFirst { get; init; }
}
