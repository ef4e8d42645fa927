namespace BackupHealth.Collector.Alerts;

/// <summary>Rule ids the alert lifecycle itself depends on.</summary>
internal static class WellKnownRules
{
    /// <summary>While an agent has a finding of this rule, the other findings of that agent are held back.</summary>
    public const string AgentSilent = "agent_silent";
}
