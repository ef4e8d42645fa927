using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

internal static partial class Log
{
    [LoggerMessage(570, LogLevel.Debug, "Probe {ProbeName}: read {Tasks} vzdump task(s) from {TasksPath}; {New} new observation(s)")]
    public static partial void VzdumpTasksRead(ILogger logger, string probeName, int tasks, string tasksPath, int @new);

    [LoggerMessage(571, LogLevel.Warning, "Probe {ProbeName}: the log of vzdump task {Upid} is missing; its result comes from the task index alone")]
    public static partial void VzdumpTaskLogMissing(ILogger logger, string probeName, string upid);
}
