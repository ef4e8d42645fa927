using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>borg</c> probe (620–629).</summary>
internal static partial class Log
{
    [LoggerMessage(620, LogLevel.Debug, "Probe {ProbeName}: borg {Version} listed {Count} archive(s)")]
    public static partial void BorgListed(ILogger logger, string probeName, string version, int count);

    [LoggerMessage(621, LogLevel.Warning, "Probe {ProbeName}: borg {Command} ended with a warning (return code 1): {Detail}")]
    public static partial void BorgWarning(ILogger logger, string probeName, string command, string detail);

    [LoggerMessage(622, LogLevel.Information, "Probe {ProbeName}: borg check started")]
    public static partial void BorgCheckStarted(ILogger logger, string probeName);

    [LoggerMessage(623, LogLevel.Information, "Probe {ProbeName}: borg check passed")]
    public static partial void BorgCheckPassed(ILogger logger, string probeName);

    [LoggerMessage(624, LogLevel.Warning, "Probe {ProbeName}: borg check found errors: {Detail}")]
    public static partial void BorgCheckFailed(ILogger logger, string probeName, string detail);

    [LoggerMessage(625, LogLevel.Warning, "Probe {ProbeName}: borg check gave no verdict and is tried again later: {Reason}")]
    public static partial void BorgCheckNoVerdict(ILogger logger, string probeName, string reason);
}
