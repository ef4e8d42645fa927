using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Dashboard.Grid;

// The status grid of one site: jobs as rows, calendar days (in Collector:Dashboard:TimeZone) as columns.

/// <param name="TimeZone">The id of the zone whose days the columns are.</param>
/// <param name="Days">The columns, oldest first; the last is today.</param>
/// <param name="Rows">Jobs, problems first (by <see cref="JobHealthState"/>), then by name.</param>
internal sealed record StatusGrid(
    long SiteId,
    long CustomerId,
    string Customer,
    string Site,
    string TimeZone,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<DateOnly> Days,
    IReadOnlyList<GridRow> Rows);

/// <param name="Expectation">The expectation the days were judged by (today's), as people read it.</param>
/// <param name="Cells">One per day of <see cref="StatusGrid.Days"/>, in the same order.</param>
internal sealed record GridRow(
    long JobId,
    string Name,
    string AgentKey,
    string SourceKind,
    string ProtectedObject,
    JobHealthState Health,
    string Expectation,
    IReadOnlyList<GridCell> Cells);

/// <param name="Runs">Finished runs that ended on the day.</param>
/// <param name="Tooltip">One line for people: what decided the cell, and earlier failures or warnings of the day.</param>
internal sealed record GridCell(
    DateOnly Day,
    DayOutcome Outcome,
    int Runs,
    int Succeeded,
    int Warnings,
    int Failed,
    string Tooltip);
