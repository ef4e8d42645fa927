using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the <c>command</c> probe (630–639).</summary>
internal static partial class Log
{
    [LoggerMessage(630, LogLevel.Debug, "Probe {ProbeName}: {Command} exited with code {ExitCode}")]
    public static partial void CommandExited(ILogger logger, string probeName, string command, int exitCode);

    [LoggerMessage(631, LogLevel.Debug, "Probe {ProbeName}: the script printed {Count} observation(s)")]
    public static partial void CommandJsonRead(ILogger logger, string probeName, int count);
}
