using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>restic</c> probe (610–619).</summary>
internal static partial class Log
{
    [LoggerMessage(610, LogLevel.Debug, "Probe {ProbeName}: restic listed {Count} snapshot(s) ({WithSummary} with a summary block)")]
    public static partial void ResticListed(ILogger logger, string probeName, int count, int withSummary);

    [LoggerMessage(611, LogLevel.Information, "Probe {ProbeName}: restic check started")]
    public static partial void ResticCheckStarted(ILogger logger, string probeName);

    [LoggerMessage(612, LogLevel.Information, "Probe {ProbeName}: restic check passed")]
    public static partial void ResticCheckPassed(ILogger logger, string probeName);

    [LoggerMessage(613, LogLevel.Warning, "Probe {ProbeName}: restic check found errors: {Detail}")]
    public static partial void ResticCheckFailed(ILogger logger, string probeName, string detail);

    [LoggerMessage(614, LogLevel.Warning, "Probe {ProbeName}: restic check gave no verdict and is tried again later: {Reason}")]
    public static partial void ResticCheckNoVerdict(ILogger logger, string probeName, string reason);

    [LoggerMessage(615, LogLevel.Warning, "Probe {ProbeName}: restic exited with code 3 (incomplete): {Detail}")]
    public static partial void ResticIncomplete(ILogger logger, string probeName, string detail);
}
