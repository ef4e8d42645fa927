using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Probes;

/// <summary>What one probe run saw (observations), whether the probe could read its source at all, and — for a
/// probe whose source has a list of jobs — every job the source knows, enabled or not.</summary>
/// <param name="Jobs">Null when the probe does not list jobs, or could not read the list this time (the collector
/// then keeps the last list it had).</param>
internal sealed record ProbeResult(IReadOnlyList<Observation> Observations, ProbeState State, string Message, IReadOnlyList<JobListing>? Jobs = null)
{
    /// <summary>Judgements the probe makes on site from its own settings (e.g. the files probe's MaxAge): shown by
    /// <c>check</c>, which has no collector to judge, but never queued — they are not runs, and the collector judges
    /// lateness against each job's expectation itself (the <c>job_missed</c> rule).</summary>
    public IReadOnlyList<Observation> Verdicts { get; init; } = [];

    /// <summary>The guests of a hypervisor probe's host; null when the probe has none or could not read them this
    /// time (the collector then keeps the last inventory it had).</summary>
    public ProbeInventory? Inventory { get; init; }

    /// <summary>What the probe says about how it reads its source, shown with its health on the collector's Agents page
    /// (e.g. the Veeam probe's <c>api_version</c> and <c>per_vm_results</c>); null when it says nothing.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init; }

    /// <summary>What <c>check</c> judges: the runs and the on-site verdicts.</summary>
    public IEnumerable<Observation> ForCheck => Observations.Concat(Verdicts);

    public static ProbeResult Ok(IReadOnlyList<Observation> observations, IReadOnlyList<JobListing>? jobs = null) =>
        new(observations, ProbeState.Ok, "", jobs);

    public static ProbeResult Error(string message) => new([], ProbeState.Error, message);
}
