using System.Globalization;
using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Rules;

/// <summary>What a job's newest run is compared with: the median of earlier runs like it. A forward-incremental job's
/// weekly full is ten times its nightly incremental; compared with all runs it would be an anomaly every week.</summary>
/// <param name="Median">The median figure of the runs compared with.</param>
/// <param name="Description">Which runs, as the alert says it: "the last 4 full backups", "the previous 3 Sundays",
/// "the previous 30 runs".</param>
internal sealed record Baseline(double Median, string Description)
{
    /// <summary>Earlier runs of the same backup type, or on the same weekday, needed to judge against them.</summary>
    public const int LikeRunsNeeded = 2;

    /// <summary>The runs to compare <paramref name="newest"/> with, in this order: runs of the same backup type when
    /// the source says it; else, when the job's history shows a weekday pattern, runs on the same weekday (UTC); else
    /// all runs. Null when the job cannot be judged yet.</summary>
    /// <param name="earlier">Completed runs before the newest with a known figure, newest first.</param>
    /// <param name="figure">The figure compared: size, seconds.</param>
    /// <param name="unusual">Whether a ratio of two figures is outside the rule's range; tells a weekday pattern.</param>
    /// <param name="minHistory">Runs needed when comparing with all runs.</param>
    /// <param name="historyRuns">At most this many (the newest) like runs are compared with.</param>
    public static Baseline? For(RunRecord newest, IReadOnlyList<RunRecord> earlier, Func<RunRecord, double> figure,
        Func<double, bool> unusual, int minHistory, int historyRuns)
    {
        if (TypeOf(newest) is { } type)
        {
            var sameType = earlier.Where(r => TypeOf(r) == type).Take(historyRuns).ToList();
            if (sameType.Count >= LikeRunsNeeded)
            {
                return Of(sameType, figure, $"the last {sameType.Count} {type} backups");
            }

            // Too few of its type yet; never compare a full with incrementals.
            if (earlier.Any(r => TypeOf(r) is { } other && other != type))
            {
                return null;
            }
        }

        var day = DayOf(newest);
        var sameDay = earlier.Where(r => DayOf(r) == day).Take(historyRuns).ToList();
        if (HasWeekdayPattern(sameDay, earlier.Where(r => DayOf(r) != day).ToList(), figure, unusual))
        {
            // One earlier run on that weekday unlike the rest is a pattern forming (the second weekly full), not
            // enough to judge by.
            return sameDay.Count >= LikeRunsNeeded
                ? Of(sameDay, figure, $"the previous {sameDay.Count} {day.ToString()}s")
                : null;
        }

        var all = earlier.Take(historyRuns).ToList();
        return all.Count >= minHistory ? Of(all, figure, $"the previous {all.Count} runs") : null;
    }

    /// <summary>The source's backup type, compared without case or surrounding spaces.</summary>
    private static string? TypeOf(RunRecord run) =>
        string.IsNullOrWhiteSpace(run.BackupType) ? null : run.BackupType.Trim().ToLower(CultureInfo.InvariantCulture);

    /// <summary>The weekday the run started on (UTC): a full that runs past midnight belongs to the day it began.</summary>
    private static DayOfWeek DayOf(RunRecord run) => (run.Start ?? run.RunTime).UtcDateTime.DayOfWeek;

    /// <summary>The runs on the newest run's weekday are themselves unusual next to the other days' runs.</summary>
    private static bool HasWeekdayPattern(List<RunRecord> sameDay, List<RunRecord> otherDays, Func<RunRecord, double> figure,
        Func<double, bool> unusual) =>
        sameDay.Count >= 1 && otherDays.Count >= LikeRunsNeeded
        && unusual(MedianOf(sameDay, figure) / MedianOf(otherDays, figure));

    private static Baseline Of(List<RunRecord> runs, Func<RunRecord, double> figure, string description) =>
        new(MedianOf(runs, figure), description);

    private static double MedianOf(List<RunRecord> runs, Func<RunRecord, double> figure) => Rules.Median.Of(runs.Select(figure).ToList());
}
