using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Check;

/// <summary>One job's current state in a check run: the newest of the observations a probe returned for it, and how
/// many it returned. A probe reports every run within its lookback, but the check judges what the job is now, so an
/// old failure that a newer run has since put right does not keep the check red.</summary>
internal sealed record CheckedJob(CheckedProbe Probe, Observation Current, DateTimeOffset? Time, int Runs)
{
    /// <summary>The jobs of one probe, by display name: a job is the observations sharing a job key.</summary>
    public static IEnumerable<CheckedJob> Of(CheckedProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Result.ForCheck
            .GroupBy(o => o.JobKey, StringComparer.Ordinal)
            .Select(runs =>
            {
                // On a tie the worse status wins: the files probe dates its staleness verdict at the newest file,
                // and that verdict, not the file's own success, is the job's state.
                var current = runs.OrderByDescending(TimeOf).ThenByDescending(o => Severity(o.Status)).First();
                return new CheckedJob(probe, current, TimeOf(current), runs.Count());
            })
            .OrderBy(j => j.JobName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(j => j.Current.JobKey, StringComparer.Ordinal);
    }

    public string ProbeName => Probe.Name;

    public string JobName => string.IsNullOrEmpty(Current.JobName) ? Current.JobKey : Current.JobName;

    /// <summary>When the run happened: its end, else its start (a run still going has no end), else when it was seen.</summary>
    public static DateTimeOffset? TimeOf(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var time = observation.EndTime ?? observation.StartTime ?? observation.ObservedAt;
        return time?.ToDateTimeOffset();
    }

    private static int Severity(RunStatus status) => status switch
    {
        RunStatus.Failed => 4,
        RunStatus.Warning => 3,
        RunStatus.Running => 2,
        RunStatus.Success => 1,
        _ => 0,
    };
}
