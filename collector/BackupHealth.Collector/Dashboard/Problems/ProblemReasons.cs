using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Health;
using BackupHealth.Collector.Store;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Dashboard.Problems;

/// <summary>Says why a judged job is a problem, from the same facts its health was judged by (<see cref="JobHealthJudge"/>),
/// with the deciding run's time and words read from the store (one run per problem job, through the view).</summary>
internal static class ProblemReasons
{
    public static bool IsProblem(JobHealthState health) => health <= JobHealthState.Warning;

    /// <param name="view">Where the deciding run is read: the view the job was judged in.</param>
    public static ProblemReason Of(IDashboardView view, JobAssessment job)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(job);
        var history = job.History;
        return job.Health switch
        {
            JobHealthState.Failed or JobHealthState.Warning when history.Decisive is RunStatus.Failed or RunStatus.Warning =>
                Reason(view.FindDecisiveRun(job.Job.JobId), history.Decisive == RunStatus.Failed ? "failed" : "warning"),
            JobHealthState.Corrupt => Reason(view.FindVerifiedRun(job.Job.JobId), "verification failed"),
            JobHealthState.Missed => history.LastCompleted is { } last
                ? new ProblemReason("missed, last backup", last)
                : new ProblemReason("missed, no backup has completed yet"),
            JobHealthState.Disabled => new ProblemReason("disabled at the source"),
            _ => new ProblemReason(JobHealthWord(job.Health)),
        };
    }

    private static string JobHealthWord(JobHealthState health) => health.ToString().ToLowerInvariant();

    private static ProblemReason Reason(RunNote? run, string what)
    {
        if (run is null)
        {
            return new ProblemReason(what);
        }

        var words = run.Words.Trim();
        return new ProblemReason(what, run.Time, words.Length == 0 ? null : words);
    }
}
