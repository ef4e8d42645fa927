using BackupHealth.Collector.Expectations;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Dashboard.Jobs;

// The job page's model. Times are UTC; status words are the API's (success, warning, failed, running).

/// <param name="ChartRuns">The newest runs for <see cref="SizeDurationChart"/>, oldest first.</param>
/// <param name="CanVerify">The job's source verifies what it wrote (<see cref="VerifyingSources"/>): only then is
/// "not verified" worth saying on each run.</param>
internal sealed record JobPage(
    JobDetail Job,
    JobHealthState Health,
    JobExpectationView Expectation,
    RunsPage Runs,
    IReadOnlyList<ChartRun> ChartRuns,
    bool CanVerify = true);

/// <param name="Disabled">The backup source reports the job switched off.</param>
internal sealed record JobDetail(
    long Id,
    long CustomerId,
    string Customer,
    long SiteId,
    string Site,
    string AgentKey,
    string AgentHost,
    string JobKey,
    string Name,
    string SourceKind,
    string ProtectedObject,
    bool Disabled,
    DateTimeOffset FirstSeen);

/// <summary>The expectation in force, where it came from, and what a person set (to fill the edit form).</summary>
/// <param name="Days">Learned weekdays, e.g. "Mon–Fri"; null when the job runs every day or has a schedule.</param>
/// <param name="Description">As people read it: "every 1 d on Mon–Fri, grace 6 h (learned)".</param>
/// <param name="LastCompleted">Newest completed run (success or warning): what the deadline counts from.</param>
/// <param name="NextDeadline">When job_missed fires without a completed run first; null if a schedule never fires again.</param>
/// <param name="Setting">The setting a person stored, if any (also when it no longer applies).</param>
internal sealed record JobExpectationView(
    TimeSpan? Interval,
    string? Schedule,
    TimeSpan Grace,
    ExpectationSource Source,
    string SourceName,
    string? Days,
    string Description,
    DateTimeOffset? LastCompleted,
    DateTimeOffset? NextDeadline,
    bool Overdue,
    ExpectationSetting? Setting,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy);

/// <param name="Page">1-based.</param>
internal sealed record RunsPage(IReadOnlyList<RunView> Runs, int Page, int PageSize, int TotalRuns)
{
    public int Pages => Math.Max(1, (TotalRuns + PageSize - 1) / PageSize);

    public bool HasPrevious => Page > 1;

    public bool HasNext => Page < Pages;
}

/// <param name="RunTime">What orders runs: end, else start, else observed, else received.</param>
/// <param name="Verification">passed, failed or not_verified.</param>
/// <param name="Location">The file, folder or archive the run wrote (its <c>path</c> or <c>archive</c> attribute), if known.</param>
internal sealed record RunView(
    string ObservationId,
    string Status,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    DateTimeOffset RunTime,
    long SizeBytes,
    string Verification,
    string VerificationDetail,
    string Message,
    bool WillRetry,
    string? Location = null)
{
    /// <summary>Null when unknown: no start or end, or start = end — what sources that know only one time of a run
    /// (a file's last write, a snapshot's time) report; such a run took no measurable 0 s.</summary>
    public TimeSpan? Duration => Start is { } s && End is { } e && e > s ? e - s : null;

    /// <summary>What the run said, each text once: the message, and the verification's detail unless the message
    /// already says it (older XVA and PBS probes put the reason in both).</summary>
    public IReadOnlyList<string> Details =>
        (Message, VerificationDetail) switch
        {
            ("", "") => [],
            ("", var detail) => [detail],
            (var message, "") => [message],
            var (message, detail) when detail.Contains(message, StringComparison.Ordinal) => [detail],
            var (message, detail) when message.Contains(detail, StringComparison.Ordinal) => [message],
            var (message, detail) => [message, detail],
        };

    /// <summary>"182 GB" (decimal units, as backup products show them).</summary>
    public string SizeText => Figures.Size(SizeBytes);

    /// <summary>"1 h 12 min"; "unknown" for a finished run without one; "" while running.</summary>
    public string DurationText => Duration is { } d ? Expectations.DurationText.Format(d) : Status == StatusNames.Running ? "" : "unknown";
}

/// <summary>One point of the size and duration chart.</summary>
internal sealed record ChartRun(DateTimeOffset Time, long SizeBytes, TimeSpan? Duration, bool Failed);
