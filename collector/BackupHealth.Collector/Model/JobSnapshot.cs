using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Model;

/// <summary>One job with its recent history, newest run first.</summary>
/// <param name="Runs">Newest first (by <see cref="RunRecord.RunTime"/>), bounded to what the rules need (the
/// evaluator loads at most <see cref="MaxRuns"/> runs, of at most <see cref="RunHistory"/>).</param>
/// <param name="Listing">What the probe's source last said of this job (enabled or not), or null when the probe
/// never listed its jobs.</param>
/// <param name="ListedByProbe">True when the job's probe sends job lists at all: then a job missing from the
/// latest list has disappeared from its source.</param>
/// <param name="Setting">The expectation set for this job by a person, if any.</param>
/// <param name="NeverRan">The job is known only from its probe's job list: no run of it was ever stored.</param>
internal sealed record JobSnapshot(
    long JobId,
    long AgentId,
    string AgentKey,
    long SiteId,
    string Customer,
    string Site,
    string JobKey,
    string Name,
    string SourceKind,
    string ProbeName,
    DateTimeOffset FirstSeen,
    IReadOnlyList<RunRecord> Runs,
    JobListingSnapshot? Listing,
    bool ListedByProbe,
    ExpectationSetting? Setting,
    bool NeverRan = false)
{
    public const int MaxRuns = 200;

    /// <summary>Runs older than this are not loaded, however few a job has. Long enough for three monthly runs (the
    /// fewest a monthly rhythm is learned from) whatever the date: the third-newest can be 93 days old while the job is
    /// still on time.</summary>
    public static readonly TimeSpan RunHistory = TimeSpan.FromDays(100);
}
