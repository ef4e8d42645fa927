using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>What the alert page says beside the alert row (<see cref="AlertQueries.GetExplanationAsync"/>).</summary>
/// <param name="Resolution">Why its condition cleared, in words; null while open or when a person resolved it.</param>
/// <param name="Reopens">The alert a person resolved before this one fired again.</param>
internal sealed record AlertExplanation(GuideContext Guide, string? Resolution, long? Reopens);
