namespace BackupHealth.Collector.Dashboard.Problems;

/// <summary>Why a job (or a site) is a problem, in a few words, as the pages write it: <see cref="What"/>, then how long
/// ago <see cref="Since"/> was, then <see cref="Detail"/> — "failed 3 h ago: file is empty", "missed, last backup 2 d
/// ago", "disabled at the source".</summary>
/// <param name="Since">When the deciding run ended, or when the job or site was last fine; null when there is none.</param>
/// <param name="Detail">The deciding run's own words (its message or verification detail); null when it has none.</param>
internal sealed record ProblemReason(string What, DateTimeOffset? Since = null, string? Detail = null);
