using System.Text.Json;
using System.Text.Json.Serialization;
using BackupHealth.Collector.Model;

namespace BackupHealth.IntegrationTests;

/// <summary>One run as the <c>command</c> probe's JSON mode reads it; <see cref="End"/> is null while it runs.</summary>
internal sealed record HistoryRun(string JobName, string Status, DateTimeOffset Start, DateTimeOffset? End, long? SizeBytes, string? Message, string? BackupType);

/// <summary>90 days of healthy history of <see cref="HealthyJob"/>s ending now, with the noise real jobs have, the same
/// for the same seed and clock: starts a few minutes late, sizes ±10 % on a slow growth, durations ±30 %, now and then
/// a warning (never three in a row: that is <c>warnings_repeat</c>), and now and then a failure that a retry within the
/// hour makes good. A run that has not ended by now is printed running.</summary>
internal static class HealthyHistory
{
    public static readonly TimeSpan Days = TimeSpan.FromDays(90);

    /// <summary>Hourly jobs have 2,160 runs in 90 days; the collector judges a job by its newest
    /// <see cref="JobSnapshot.MaxRuns"/>, so twice that many of the newest is plenty.</summary>
    public const int MaxRunsPerJob = 2 * JobSnapshot.MaxRuns;

    private const double FailureChance = 0.015;
    private const double WarningChance = 0.04;
    private const int MaxWarningsInRow = 2;
    private const double GrowthPerDay = 0.001;
    private static readonly TimeSpan DstMargin = TimeSpan.FromDays(7);
    private static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The history of every job, oldest run first (as a script listing its product's history prints it).</summary>
    public static IReadOnlyList<HistoryRun> Generate(IReadOnlyList<HealthyJob> jobs, DateTimeOffset now, int seed)
    {
        var (end, shift) = WindowAcrossDstChange(now, HealthyJobs.Amsterdam);
        return [.. jobs
            .SelectMany((job, i) => RunsOf(job, end - Days, end, new Random(seed + i)).TakeLast(MaxRunsPerJob))
            .Select(r => r with { Start = r.Start + shift, End = r.End + shift })
            .OrderBy(r => r.Start)];
    }

    /// <summary>The 90 days ending now cross one of <paramref name="zone"/>'s daylight-saving changes about half the
    /// year. In the other half the history is made for a window that does, ending a whole number of weeks ago, and
    /// moved forward by those weeks: weekdays and UTC times of day stay as they were, the hour's jump stays in the
    /// window, and the history still ends now (only the local dates no longer match the calendar: a monthly job runs
    /// on another day than the 1st).</summary>
    public static (DateTimeOffset End, TimeSpan Shift) WindowAcrossDstChange(DateTimeOffset now, TimeZoneInfo zone)
    {
        for (var weeks = 0; weeks <= 52; weeks++)
        {
            var shift = TimeSpan.FromDays(7 * weeks);
            var end = now - shift;
            if (OffsetChanges(zone, end - Days + DstMargin, end - DstMargin))
            {
                return (end, shift);
            }
        }

        throw new InvalidOperationException($"{zone.Id} has no daylight-saving change in a year");
    }

    /// <summary>The runs as the <c>command</c> probe's JSON mode reads them.</summary>
    public static string ToCommandJson(IEnumerable<HistoryRun> runs) => JsonSerializer.Serialize(
        runs.Select(r => new
        {
            jobName = r.JobName,
            status = r.Status,
            startTime = r.Start,
            endTime = r.End,
            sizeBytes = r.SizeBytes,
            message = r.Message,
            attributes = r.BackupType is null ? null : new Dictionary<string, string> { ["backup_type"] = r.BackupType },
        }),
        JsonOptions);

    private static bool OffsetChanges(TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to) =>
        zone.GetUtcOffset(from) != zone.GetUtcOffset(to);

    private static IEnumerable<HistoryRun> RunsOf(HealthyJob job, DateTimeOffset from, DateTimeOffset now, Random random)
    {
        var warningsInRow = 0;
        var firstDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, job.Zone).DateTime).AddDays(-1);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, job.Zone).DateTime);
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            if (!job.RunsOn(day))
            {
                continue;
            }

            foreach (var time in job.Times)
            {
                var scheduled = Instant(job.Zone, day.ToDateTime(time));
                // The same number of draws for every slot, so one run's fate does not move all later ones.
                var (jitter, durationNoise, sizeNoise, fate, retryDelay, retryNoise) =
                    (random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble(), random.NextDouble());
                if (scheduled < from)
                {
                    continue;
                }

                var start = scheduled + (job.IsSubDaily ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(10)) * jitter;
                if (start > now)
                {
                    yield break;
                }

                var type = job.BackupTypeOn(day);
                var duration = UsualDuration(job, type) * (0.7 + (0.6 * durationNoise));
                var size = (long)(UsualSize(job, type) * (1 + (GrowthPerDay * (start - from).TotalDays)) * (0.9 + (0.2 * sizeNoise)));
                if (start + duration > now)
                {
                    yield return new HistoryRun(job.Name, "running", start, null, null, null, type);
                    yield break;
                }

                // A failure ends early; the retry starts minutes later, runs as usual and must have ended by now.
                var failedAfter = duration * 0.2;
                var retryStart = start + failedAfter + TimeSpan.FromMinutes(job.IsSubDaily ? 5 + (10 * retryDelay) : 10 + (30 * retryDelay));
                var retryDuration = UsualDuration(job, type) * (0.7 + (0.6 * retryNoise));
                if (fate < FailureChance && retryStart + retryDuration <= now)
                {
                    yield return new HistoryRun(job.Name, "failed", start, start + failedAfter, null, "VSS snapshot timed out", type);
                    yield return new HistoryRun(job.Name, "success", retryStart, retryStart + retryDuration, size, "retry of the failed run", type);
                    warningsInRow = 0;
                }
                else if (fate < FailureChance + WarningChance && warningsInRow < MaxWarningsInRow)
                {
                    yield return new HistoryRun(job.Name, "warning", start, start + duration, size, "2 files skipped: locked by another process", type);
                    warningsInRow++;
                }
                else
                {
                    yield return new HistoryRun(job.Name, "success", start, start + duration, size, null, type);
                    warningsInRow = 0;
                }
            }
        }
    }

    private static TimeSpan UsualDuration(HealthyJob job, string? type) => type == "full" ? job.Duration * HealthyJob.FullDurationFactor : job.Duration;

    private static double UsualSize(HealthyJob job, string? type) => type == "full" ? job.SizeBytes * HealthyJob.FullSizeFactor : job.SizeBytes;

    /// <summary>A local time in <paramref name="zone"/> as an instant with the offset in force then. A time the spring
    /// night skips is the moment after the jump (as schedulers run it); a time the autumn night has twice, the first.</summary>
    private static DateTimeOffset Instant(TimeZoneInfo zone, DateTime local)
    {
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
