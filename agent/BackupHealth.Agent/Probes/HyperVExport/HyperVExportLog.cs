using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>hyperv-export</c> probe (590–599).</summary>
internal static partial class Log
{
    [LoggerMessage(590, LogLevel.Debug, "Probe {ProbeName}: {Count} export folder(s) found, {Running} still being written")]
    public static partial void HyperVExportsFound(ILogger logger, string probeName, int count, int running);

    [LoggerMessage(591, LogLevel.Information, "Probe {ProbeName}: export {Path} of VM {VmName} is incomplete: {Reason}")]
    public static partial void HyperVExportIncomplete(ILogger logger, string probeName, string path, string vmName, string reason);

    [LoggerMessage(592, LogLevel.Warning, "Probe {ProbeName}: cannot read the Hyper-V VM inventory: {Reason}; exports are still reported")]
    public static partial void HyperVInventoryUnreadable(ILogger logger, string probeName, string reason);

    [LoggerMessage(593, LogLevel.Debug, "Probe {ProbeName}: {Count} VM(s) in the Hyper-V inventory")]
    public static partial void HyperVInventoryRead(ILogger logger, string probeName, int count);
}
