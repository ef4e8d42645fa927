using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Model;

/// <summary>The words stored for the contract's enums (and shown by the API), in one place.</summary>
internal static class StatusNames
{
    public const string Success = "success";
    public const string Warning = "warning";
    public const string Failed = "failed";
    public const string Running = "running";
    public const string OutboxFull = "outbox_full";

    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Success => Success,
        RunStatus.Warning => Warning,
        RunStatus.Failed => Failed,
        RunStatus.Running => Running,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "validated observations have a known status"),
    };

    public static string Of(Verification? verification) => verification?.State switch
    {
        VerificationState.Passed => "passed",
        VerificationState.Failed => "failed",
        _ => "not_verified",
    };

    public static string Of(ProbeState state) => state switch
    {
        ProbeState.Ok => "ok",
        ProbeState.Error => "error",
        ProbeState.OutboxFull => OutboxFull,
        _ => "unknown",
    };
}
