namespace BackupHealth.Collector.Alerts;

/// <summary>The words stored (and shown by the API) for an alert's state.</summary>
internal static class AlertStates
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    /// <summary>Not a stored state: firing or acknowledged, for filtering.</summary>
    public const string Open = "open";

    /// <summary>Who resolved an alert whose condition no longer holds.</summary>
    public const string ConditionCleared = "condition cleared";
}
