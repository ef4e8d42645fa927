using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Model;

/// <summary>One run (observation) of a job.</summary>
/// <param name="RunTime">End time, else start, else when observed, else when received: what orders runs.</param>
/// <param name="Target">What the run protects, for coverage; null when not loaded.</param>
/// <param name="Location">The file, folder or archive the run wrote (attributes <c>path</c> or <c>archive</c>), which
/// alerts name so a person can go straight to it; null when the run has none or it was not loaded.</param>
/// <param name="BackupType">The observation's <c>backup_type</c> attribute (<c>full</c>, <c>incremental</c>, …) when
/// the source says it; null otherwise.</param>
internal sealed record RunRecord(
    string ObservationId,
    RunStatus Status,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    DateTimeOffset RunTime,
    long SizeBytes,
    VerificationState Verification,
    string VerificationDetail,
    string Message,
    bool WillRetry,
    RunTarget? Target = null,
    string? Location = null,
    string? BackupType = null)
{
    public TimeSpan? Duration => Start is { } s && End is { } e ? e - s : null;
}
