using BackupHealth.Contracts.V1;

namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>The appliance's status texts. Its full list is not documented, so only <c>Success</c> is a success; a
/// status naming warnings is a warning; everything else is a failure, and the caller keeps the text.</summary>
internal static class UnitrendsStatus
{
    private static readonly string[] InProgress = ["active", "running", "in progress", "queued", "waiting"];
    private static readonly string[] Disabled = ["inactive", "disabled", "suspended", "off"];

    /// <returns>Null for a row that says its run is still going: the active list reports those, and a run must not
    /// be judged failed before it ends.</returns>
    public static RunStatus? OfFinishedRun(string? status)
    {
        var text = status?.Trim() ?? "";
        if (text.Equals("Success", StringComparison.OrdinalIgnoreCase))
        {
            return RunStatus.Success;
        }

        if (text.Contains("warning", StringComparison.OrdinalIgnoreCase))
        {
            return RunStatus.Warning;
        }

        return InProgress.Contains(text, StringComparer.OrdinalIgnoreCase) ? null : RunStatus.Failed;
    }

    public static bool IsDisabledJobOrder(string? status) =>
        Disabled.Contains(status?.Trim() ?? "", StringComparer.OrdinalIgnoreCase);
}
