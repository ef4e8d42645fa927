using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Rules;

/// <summary>Scripts a job's history in memory for rule and expectation tests: add runs, then take the snapshot at
/// some moment. Times are UTC; <see cref="Monday"/> is a Monday.</summary>
internal sealed class JobHistory
{
    public static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);
    public const long Gigabyte = 1_000_000_000;

    private readonly List<RunRecord> _runs = [];
    private int _next;

    public JobHistory(string name = "SQL01 nightly") => Name = name;

    public string Name { get; }

    public DateTimeOffset FirstSeen { get; set; } = Monday.AddDays(-60);

    public ExpectationSetting? Setting { get; set; }

    public JobListingSnapshot? Listing { get; set; }

    public bool ListedByProbe { get; set; }

    /// <summary>Known only from its probe's job list: no run was ever stored.</summary>
    public bool NeverRan { get; set; }

    public IReadOnlyList<RunRecord> Runs => [.. _runs.OrderByDescending(r => r.RunTime)];

    /// <summary>A run that ended at <paramref name="end"/>.</summary>
    public JobHistory Run(DateTimeOffset end, RunStatus status = RunStatus.Success, long size = 100 * Gigabyte,
        TimeSpan? duration = null, VerificationState verification = VerificationState.NotVerified, string verificationDetail = "",
        string message = "", bool willRetry = false, string? location = null, string? backupType = null)
    {
        var length = duration ?? TimeSpan.FromHours(1);
        _runs.Add(new RunRecord($"obs-{_next++}", status, end - length, status == RunStatus.Running ? null : end, end, size,
            verification, verificationDetail, message, willRetry, Location: location, BackupType: backupType));
        return this;
    }

    /// <summary>One successful run a day for <paramref name="days"/> days from <paramref name="firstEnd"/>, each ending
    /// up to 20 minutes early or late (deterministic jitter, as real jobs do), optionally only on some weekdays.</summary>
    public JobHistory Daily(DateTimeOffset firstEnd, int days, Func<DayOfWeek, bool>? on = null, bool jitter = true)
    {
        for (var i = 0; i < days; i++)
        {
            var end = firstEnd.AddDays(i);
            if (on is null || on(end.DayOfWeek))
            {
                Run(jitter ? end + Jitter(i) : end);
            }
        }

        return this;
    }

    /// <summary>Successes every <paramref name="interval"/>, <paramref name="count"/> of them from <paramref name="firstEnd"/>.</summary>
    public JobHistory Every(TimeSpan interval, DateTimeOffset firstEnd, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Run(firstEnd + (interval * i));
        }

        return this;
    }

    public static bool Weekday(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>Minutes early or late, in no pattern: neighbours differ by anything from 1 to 40 minutes.</summary>
    private static readonly int[] JitterMinutes = [3, -12, 17, -5, 9, -18, 0, 14, -9, 20, -2, 6, -15, 11, -20, 1, 8];

    public static TimeSpan Jitter(int i) => TimeSpan.FromMinutes(JitterMinutes[i % JitterMinutes.Length]);

    public JobSnapshot Build(long jobId = 42) => new(
        jobId, AgentId: 7, AgentKey: "hv01", SiteId: 3, Customer: "Contoso Ltd", Site: "Head office", JobKey: "sql01-nightly",
        Name, SourceKind: "veeam.vbr", ProbeName: "veeam", FirstSeen, Runs, Listing, ListedByProbe, Setting, NeverRan);

    public EvaluationSnapshot At(DateTimeOffset now) => new(now, [], [Build()]);

    public static ExpectationResolver Resolver(ExpectationOptions? options = null) => new(Options.Create(options ?? new ExpectationOptions()));
}
