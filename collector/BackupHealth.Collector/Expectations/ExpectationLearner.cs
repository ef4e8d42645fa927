namespace BackupHealth.Collector.Expectations;

/// <summary>Learns how often a job succeeds from its own history. The numbers here are documented for technicians
/// in docs/alert-rules.md; keep the two in step.</summary>
internal static class ExpectationLearner
{
    /// <summary>Fewer successes than this: not enough to learn from (three gaps)…</summary>
    public const int MinSuccesses = 4;

    /// <summary>…unless there are this many whose gaps agree (a monthly job has three runs in 90 days).</summary>
    public const int MinAgreeingSuccesses = 3;

    /// <summary>Gaps agree when each is within this part of their median.</summary>
    public const double AgreeFraction = 0.10;

    /// <summary>Gaps all in this range that differ by at least <see cref="MonthLengthsDiffer"/> are a calendar-monthly
    /// rhythm (months are 28 to 31 days): the job is due a longest month after its last run. Gaps that are all the
    /// same (every 28 days) are not.</summary>
    public static readonly TimeSpan MinMonthlyGap = TimeSpan.FromDays(27);
    public static readonly TimeSpan MaxMonthlyGap = TimeSpan.FromDays(32);
    public static readonly TimeSpan MonthLengthsDiffer = TimeSpan.FromHours(20);
    public static readonly TimeSpan Monthly = TimeSpan.FromDays(31);

    /// <summary>Newest successes looked at; older ones say little about today's schedule.</summary>
    public const int MaxSuccesses = 200;

    /// <summary>Gaps shorter than this part of the median are extra runs (a retry, a manual run), not the rhythm.</summary>
    public const double ShortGapFraction = 0.10;

    /// <summary>A learned interval this close to a round one (1 h, 1 d, 7 d, ...) is taken as that round one.</summary>
    public const double SnapFraction = 0.05;

    public static readonly IReadOnlyList<TimeSpan> RoundIntervals =
    [
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(4), TimeSpan.FromHours(6),
        TimeSpan.FromHours(8), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7),
        TimeSpan.FromDays(14), TimeSpan.FromDays(28),
    ];

    public const double GraceFraction = 0.25;
    public static readonly TimeSpan MinGrace = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan MaxGrace = TimeSpan.FromHours(6);

    /// <summary>Jobs with a rhythm in this range are checked for days of the week they never run on.</summary>
    public static readonly TimeSpan MinIntervalForDays = TimeSpan.FromHours(6);
    public static readonly TimeSpan MaxIntervalForDays = TimeSpan.FromHours(84);

    /// <summary>Only recent weeks decide the run days, so a job moved to weekdays only is learned within weeks.</summary>
    public static readonly TimeSpan DaysWindow = TimeSpan.FromDays(28);

    /// <summary>A weekday counts as a day off only after the job skipped it this many times.</summary>
    public const int MinSkipsForDayOff = 2;

    /// <summary>The learned expectation, or null when there are too few successes.</summary>
    public static Expectation? Learn(IEnumerable<DateTimeOffset> successes)
    {
        var times = successes.Select(t => t.ToUniversalTime()).Distinct().OrderDescending().Take(MaxSuccesses).ToList();
        if (times.Count < MinAgreeingSuccesses)
        {
            return null;
        }

        var gaps = times.Zip(times.Skip(1), (newer, older) => newer - older).ToList();
        var all = Median(gaps);
        if (times.Count < MinSuccesses && gaps.Any(g => Math.Abs((g - all).Ticks) > all.Ticks * AgreeFraction))
        {
            return null;
        }
        var regular = gaps.Where(g => g.Ticks >= all.Ticks * ShortGapFraction).ToList();
        if (regular.Count == 0)
        {
            return null;
        }

        var interval = IsMonthly(regular) ? Monthly : Snap(Median(regular));
        if (interval <= TimeSpan.Zero)
        {
            return null;
        }

        var days = interval >= MinIntervalForDays && interval <= MaxIntervalForDays ? LearnRunDays(times) : null;
        return Expectation.Every(interval, GraceFor(interval), ExpectationSource.Learned, days);
    }

    /// <summary>A quarter of the interval, at least 30 minutes, at most 6 hours.</summary>
    public static TimeSpan GraceFor(TimeSpan interval) =>
        RoundToMinute(TimeSpan.FromTicks(Math.Clamp((long)(interval.Ticks * GraceFraction), MinGrace.Ticks, MaxGrace.Ticks)));

    /// <summary>The weekdays the job runs on, when recent weeks show days it reliably skips (weekday-only jobs);
    /// null when it runs on every day.</summary>
    private static RunDays? LearnRunDays(List<DateTimeOffset> newestFirst)
    {
        var newest = newestFirst[0];
        var recent = newestFirst.TakeWhile(t => newest - t <= DaysWindow).ToList();

        // A job's day is centred on its most common hour, so runs around midnight UTC do not straddle two days.
        var usualHour = recent.GroupBy(t => t.Hour).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var dayStart = TimeSpan.FromHours(usualHour + 0.5 - 12);
        var probe = new RunDays(new HashSet<DayOfWeek>(), dayStart);

        var runOn = recent.Select(probe.DayOf).ToHashSet();
        var first = (recent[^1].UtcDateTime - dayStart).Date;
        var last = (newest.UtcDateTime - dayStart).Date;
        var seen = new int[7];
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            seen[(int)day.DayOfWeek]++;
        }

        var dayOff = Enumerable.Range(0, 7).Select(d => (DayOfWeek)d).Where(d => !runOn.Contains(d)).ToList();
        if (dayOff.Count == 0 || dayOff.Any(d => seen[(int)d] < MinSkipsForDayOff))
        {
            return null;
        }

        return new RunDays(runOn, dayStart);
    }

    /// <summary>Jobs run at round intervals; jitter of a few minutes should not make "every 23 h 56 min".</summary>
    private static TimeSpan Snap(TimeSpan median)
    {
        foreach (var round in RoundIntervals)
        {
            if (Math.Abs((median - round).Ticks) <= round.Ticks * SnapFraction)
            {
                return round;
            }
        }

        return RoundToMinute(median);
    }

    private static bool IsMonthly(List<TimeSpan> gaps) =>
        gaps.Min() >= MinMonthlyGap && gaps.Max() <= MaxMonthlyGap && gaps.Max() - gaps.Min() >= MonthLengthsDiffer;

    private static TimeSpan Median(List<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static TimeSpan RoundToMinute(TimeSpan value) => TimeSpan.FromMinutes(Math.Round(value.TotalMinutes));
}
