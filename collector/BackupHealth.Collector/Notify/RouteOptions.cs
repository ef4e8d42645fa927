namespace BackupHealth.Collector.Notify;

/// <summary>One entry of <c>Collector:Notify:Routes</c>: which channels get a customer's alerts from which severity
/// up. <c>Customer = "*"</c> is a default route, used for customers that have no route of their own.</summary>
internal sealed class RouteOptions
{
    public const string AnyCustomer = "*";
    public const string DefaultMinSeverity = nameof(Model.AlertSeverity.Warning);

    public string Customer { get; set; } = AnyCustomer;

    public List<string> Channels { get; set; } = [];

    /// <summary>Warning or Critical (case-insensitive).</summary>
    public string MinSeverity { get; set; } = DefaultMinSeverity;

    /// <summary>Whether the route's channels are told when a person acknowledges an alert they were told of (who, and
    /// their comment). A channel listed by several routes of the customer is told when any of them says so.</summary>
    public bool Acknowledgements { get; set; } = true;

    public static bool TryParseSeverity(string? value, out Model.AlertSeverity severity)
    {
        foreach (var candidate in Enum.GetValues<Model.AlertSeverity>())
        {
            if (string.Equals(candidate.ToString(), value?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = default;
        return false;
    }
}
