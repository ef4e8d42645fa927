using BackupHealth.Collector.Expectations;

namespace BackupHealth.Collector.Health;

/// <summary>What job health is judged from: the job's expectation in force and a digest of its history.</summary>
/// <param name="Disabled">The probe's latest job list says the source has the job switched off.</param>
/// <param name="Running">The job's newest observation is a run in progress.</param>
internal sealed record JobFacts(
    Expectation Expectation,
    JobHistoryDigest History,
    DateTimeOffset FirstSeen,
    bool Disabled,
    bool Running);
