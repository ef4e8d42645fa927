using System.Globalization;
using BackupHealth.Collector.Expectations;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Dashboard.Grid;

/// <summary>Turns one job's runs into one cell per day. A day with finished runs shows the LAST one's outcome (as
/// Veeam-style grids do: a failure retried successfully is a green day), and its tooltip counts earlier failures and
/// warnings. A day without a finished run is "missed" when the job's expectation required a completed run on it
/// and none came in time, else "nothing expected" (or, today, "running" / "pending").</summary>
internal static class DayOutcomes
{
    /// <summary>Stops a pathological expectation (a one-minute interval across months without a run) from walking
    /// for ever; far more due times than a 30-day grid can show.</summary>
    private const int MaxDueTimes = 100_000;

    /// <param name="lastCompletedBefore">The newest completed run before the first day, the deadline's anchor.</param>
    /// <param name="runs">Runs from the start of the first day on, any order.</param>
    /// <param name="latestIsRunning">The job's newest observation is a run in progress.</param>
    public static List<GridCell> Build(
        Expectation expectation,
        DateTimeOffset firstSeen,
        DateTimeOffset? lastCompletedBefore,
        IReadOnlyList<GridRun> runs,
        bool latestIsRunning,
        IReadOnlyList<DateOnly> days,
        TimeZoneInfo zone,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(days);
        var windowStart = LocalDays.StartOf(days[0], zone);
        var ordered = runs.OrderBy(r => r.Time).ToList();
        var (missed, nextDue) = DueTimes(expectation, firstSeen, lastCompletedBefore, ordered, windowStart, now);
        var missedByDay = missed.ToLookup(t => LocalDays.DayOf(t, zone));
        var finishedByDay = ordered.Where(r => r.Status != RunStatus.Running).ToLookup(r => LocalDays.DayOf(r.Time, zone));
        var running = latestIsRunning ? ordered.LastOrDefault(r => r.Status == RunStatus.Running) : null;
        var today = LocalDays.DayOf(now, zone);
        var firstDay = LocalDays.DayOf(firstSeen, zone);

        var cells = new List<GridCell>(days.Count);
        foreach (var day in days)
        {
            var finished = finishedByDay[day].ToList();
            if (finished.Count > 0)
            {
                cells.Add(Finished(day, finished, zone));
            }
            else if (running is not null && LocalDays.DayOf(running.Time, zone) == day)
            {
                cells.Add(Empty(day, DayOutcome.Running, $"running since {LocalDays.TimeOfDay(running.Time, zone)}"));
            }
            else if (missedByDay.Contains(day))
            {
                var due = missedByDay[day].First();
                cells.Add(Empty(day, DayOutcome.Missed,
                    $"missed: a completed run was due at {LocalDays.TimeOfDay(due, zone)} (+ grace {DurationText.Format(expectation.Grace)}); none came"));
            }
            else if (day == today && nextDue is { } next && LocalDays.DayOf(next, zone) == today)
            {
                cells.Add(Empty(day, DayOutcome.Pending, $"due at {LocalDays.TimeOfDay(next, zone)} (+ grace {DurationText.Format(expectation.Grace)})"));
            }
            else
            {
                cells.Add(Empty(day, DayOutcome.NothingExpected, day < firstDay ? "before the job was first seen" : "no run expected"));
            }
        }

        return cells;
    }

    /// <summary>The due times whose deadline passed with no completed run (from the first day on), and the due time
    /// of the deadline still open now. Replays the job_missed rule over time: after each completed run the next
    /// deadline is the expectation's; when a deadline passes without one, the job is missed at that due time and the
    /// next due time is counted from it (as if it had run), so every day of an outage shows as missed.</summary>
    private static (List<DateTimeOffset> Missed, DateTimeOffset? NextDue) DueTimes(
        Expectation expectation, DateTimeOffset firstSeen, DateTimeOffset? anchor, List<GridRun> ordered, DateTimeOffset windowStart, DateTimeOffset now)
    {
        var missed = new List<DateTimeOffset>();
        var cursor = anchor;
        var steps = 0;
        foreach (var limit in ordered.Where(r => r.IsCompleted && r.Time <= now).Select(r => r.Time).Append(now))
        {
            var deadline = expectation.Deadline(cursor, firstSeen);
            while (deadline is { } d && d < limit && steps++ < MaxDueTimes)
            {
                var due = d - expectation.Grace;
                if (due >= windowStart)
                {
                    missed.Add(due);
                }

                var next = expectation.Deadline(due < windowStart ? SkipTowards(expectation, due, windowStart) : due, firstSeen);
                deadline = next > d ? next : null;
            }

            cursor = limit;
        }

        // The loop ended with cursor = now; the open deadline is counted from the last completed run (or the last
        // missed due time), which is where the rule counts from.
        var lastCompleted = ordered.LastOrDefault(r => r.IsCompleted && r.Time <= now)?.Time ?? anchor;
        var from = missed.Count > 0 && (lastCompleted is null || missed[^1] > lastCompleted) ? missed[^1] : lastCompleted;
        var open = expectation.Deadline(from, firstSeen);
        return (missed, open is { } o && o >= now ? o - expectation.Grace : null);
    }

    /// <summary>Where to count on from, for a job missed since long before the window: due times before the window
    /// are not shown, so whole intervals (or, for a schedule, everything up to the window) are skipped — the same due
    /// times in the window, without walking months of a five-minute interval.</summary>
    private static DateTimeOffset SkipTowards(Expectation expectation, DateTimeOffset due, DateTimeOffset windowStart)
    {
        if (expectation.Schedule is not null)
        {
            return windowStart.AddTicks(-1);
        }

        var interval = expectation.Interval!.Value;
        var whole = ((windowStart - due).Ticks / interval.Ticks) - 1;
        return whole > 0 ? due + (interval * whole) : due;
    }

    private static GridCell Finished(DateOnly day, List<GridRun> finished, TimeZoneInfo zone)
    {
        var last = finished[^1];
        var succeeded = finished.Count(r => r.Status == RunStatus.Success);
        var warnings = finished.Count(r => r.Status == RunStatus.Warning);
        var failed = finished.Count(r => r.Status == RunStatus.Failed);
        var (outcome, verb) = last.Status switch
        {
            _ when last.VerificationFailed => (DayOutcome.Failed, "ran, but its backup failed verification"),
            RunStatus.Success => (DayOutcome.Success, "succeeded"),
            RunStatus.Warning => (DayOutcome.Warning, "ended with a warning"),
            _ => (DayOutcome.Failed, last.WillRetry ? "failed (will be retried)" : "failed"),
        };
        var text = finished.Count == 1
            ? $"run at {LocalDays.TimeOfDay(last.Time, zone)} {verb}"
            : string.Create(CultureInfo.InvariantCulture, $"{finished.Count} runs; the last, at {LocalDays.TimeOfDay(last.Time, zone)}, {verb}");
        var earlierFailed = failed - (last.Status == RunStatus.Failed ? 1 : 0);
        var earlierWarnings = warnings - (last.Status == RunStatus.Warning ? 1 : 0);
        if (earlierFailed > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {earlierFailed} earlier failure{(earlierFailed == 1 ? "" : "s")}");
        }

        if (earlierWarnings > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {earlierWarnings} earlier warning{(earlierWarnings == 1 ? "" : "s")}");
        }

        return new GridCell(day, outcome, finished.Count, succeeded, warnings, failed, text);
    }

    private static GridCell Empty(DateOnly day, DayOutcome outcome, string tooltip) => new(day, outcome, 0, 0, 0, 0, tooltip);
}
