namespace BackupHealth.Collector.Dashboard.Problems;

/// <summary>The run that explains a problem: when it ran and its own words, as <see cref="ProblemReason"/> shows them.</summary>
/// <param name="Time">The run's time (end, else start, else observed, else received).</param>
/// <param name="Words">Its message or verification detail as stored; may be empty.</param>
internal sealed record RunNote(DateTimeOffset Time, string Words);
