using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>veeam-events</c> probe (520–524 of the Veeam range).</summary>
internal static partial class Log
{
    [LoggerMessage(520, LogLevel.Debug, "Probe {ProbeName}: event log '{LogName}' does not exist on this host; skipped")]
    public static partial void VeeamEventLogMissing(ILogger logger, string probeName, string logName);

    [LoggerMessage(521, LogLevel.Debug, "Probe {ProbeName}: {Count} event(s) read from '{LogName}' after record {AfterRecordId}")]
    public static partial void VeeamEventsRead(ILogger logger, string probeName, int count, string logName, long afterRecordId);

    [LoggerMessage(522, LogLevel.Warning, "Probe {ProbeName}: read the maximum of {MaxEvents} event(s) from '{LogName}'; the rest follows next run")]
    public static partial void VeeamEventsCapped(ILogger logger, string probeName, int maxEvents, string logName);
}
