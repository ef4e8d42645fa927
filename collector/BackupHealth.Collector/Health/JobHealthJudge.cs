using BackupHealth.Collector.Expectations;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Health;

/// <summary>The one definition of a job's health, used by the overview, the status grid, the job page and
/// <c>/api/v1/jobs</c>. It agrees with the alert rules that stand behind each state — job_failed, verification_failed,
/// job_missed, job_disabled and warnings — because they judge by the same functions: the deciding and the verified run
/// (<see cref="JobRuns"/>) and the deadline (<see cref="Deadline(Expectation, DateTimeOffset?, DateTimeOffset)"/>).</summary>
internal static class JobHealthJudge
{
    /// <summary>Failed beats corrupt (a run that failed, then the newest verified result that is unusable: each the
    /// one word of its one alert rule); both beat missed (the newest run says more than the missing one); missed beats
    /// disabled (the RPO breach is what matters, the switch is its likely cause); all beat warning; running and ok are
    /// fine.</summary>
    public static JobHealthState Judge(JobFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.History.Decisive == RunStatus.Failed)
        {
            return JobHealthState.Failed;
        }

        if (facts.History.VerificationFailed)
        {
            return JobHealthState.Corrupt;
        }

        if (IsOverdue(facts, now))
        {
            return JobHealthState.Missed;
        }

        if (facts.Disabled)
        {
            return JobHealthState.Disabled;
        }

        if (facts.History.Decisive == RunStatus.Warning)
        {
            return JobHealthState.Warning;
        }

        return facts.Running ? JobHealthState.Running : JobHealthState.Ok;
    }

    /// <summary>When the next completed run is due at the latest (the job_missed rule's deadline); null when a
    /// schedule never fires again.</summary>
    public static DateTimeOffset? Deadline(JobFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Deadline(facts.Expectation, facts.History.LastCompleted, facts.FirstSeen);
    }

    /// <summary>The one deadline of a job, for the job_missed rule and the dashboard: the expectation counted from the
    /// newest completed run (<see cref="CompletedRuns.Last"/>), or from when the job was first seen when it has none;
    /// null when a schedule never fires again.</summary>
    public static DateTimeOffset? Deadline(Expectation expectation, DateTimeOffset? lastCompleted, DateTimeOffset firstSeen)
    {
        ArgumentNullException.ThrowIfNull(expectation);
        return expectation.Deadline(lastCompleted, firstSeen);
    }

    public static bool IsOverdue(JobFacts facts, DateTimeOffset now) => Deadline(facts) is { } deadline && now > deadline;

    /// <summary>The expectation in force: the person's setting when there is a usable one, else the one the source
    /// states, else the learned or default one of the digest (what <see cref="IExpectationResolver"/> gives for the
    /// full history, as the rules do).</summary>
    public static Expectation Expectation(IExpectationResolver resolver, ExpectationSetting? setting, JobHistoryDigest history,
        StatedSchedule? stated = null)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(history);
        if (setting is not null)
        {
            // With no runs the resolver falls back to the default only when the setting is unusable; then the
            // stated or learned expectation is the right fallback, as it is for the rules.
            var resolved = resolver.Resolve(setting, []);
            if (resolved.Source == ExpectationSource.Set)
            {
                return resolved.Schedule is null ? resolved : resolved with { UsualDuration = history.UsualDuration };
            }
        }

        return resolver.FromStated(stated, history.LastCompleted, history.UsualDuration) ?? history.Expectation;
    }
}
