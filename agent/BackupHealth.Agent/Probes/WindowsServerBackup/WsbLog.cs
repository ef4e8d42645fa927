using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>wsb</c> probe (600–609).</summary>
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Debug, "Probe {ProbeName}: {Count} event(s) read from '{LogName}' after record {AfterRecordId}")]
    public static partial void WsbEventsRead(ILogger logger, string probeName, int count, string logName, long afterRecordId);

    [LoggerMessage(601, LogLevel.Warning, "Probe {ProbeName}: read the maximum of {MaxEvents} event(s) from '{LogName}'; the rest follows next run")]
    public static partial void WsbEventsCapped(ILogger logger, string probeName, int maxEvents, string logName);

    [LoggerMessage(602, LogLevel.Debug, "Probe {ProbeName}: wbadmin listed {Count} backup version(s), {Reported} within the lookback")]
    public static partial void WsbVersionsListed(ILogger logger, string probeName, int count, int reported);

    [LoggerMessage(603, LogLevel.Warning, "Probe {ProbeName}: wbadmin printed a version identifier that is not a valid date: '{Identifier}'; skipped")]
    public static partial void WsbVersionUnreadable(ILogger logger, string probeName, string identifier);
}
