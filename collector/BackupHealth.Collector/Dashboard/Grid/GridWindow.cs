namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>A job's runs inside the status grid's days, as <see cref="DayOutcomes.Build"/> takes them.</summary>
/// <param name="LastCompletedBefore">The newest completed run (success or warning) before the first day: where the
/// first deadline counts from; null when there is none.</param>
/// <param name="Runs">The runs from the start of the first day on, in any order.</param>
internal sealed record GridWindow(DateTimeOffset? LastCompletedBefore, IReadOnlyList<GridRun> Runs);
