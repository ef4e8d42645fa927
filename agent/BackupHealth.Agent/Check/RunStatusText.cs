using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Check;

/// <summary>A run status as the table and the JSON jobs show it.</summary>
internal static class RunStatusText
{
    public static string Of(RunStatus status) => status switch
    {
        RunStatus.Success => "SUCCESS",
        RunStatus.Warning => "WARNING",
        RunStatus.Failed => "FAILED",
        RunStatus.Running => "RUNNING",
        _ => "UNKNOWN",
    };
}
