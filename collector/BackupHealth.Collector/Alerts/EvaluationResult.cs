namespace BackupHealth.Collector.Alerts;

/// <summary>What one evaluation did.</summary>
/// <param name="Findings">Conditions the rules reported.</param>
/// <param name="Opened">New alerts.</param>
/// <param name="Resolved">Alerts resolved because their condition cleared.</param>
/// <param name="Notifications">Site notifications handed to the notifier.</param>
/// <param name="FailedRules">Rules that threw; their open alerts were left as they were.</param>
internal sealed record EvaluationResult(
    DateTimeOffset At,
    int Findings,
    int Opened,
    int Resolved,
    int Notifications,
    IReadOnlyList<string> FailedRules);
