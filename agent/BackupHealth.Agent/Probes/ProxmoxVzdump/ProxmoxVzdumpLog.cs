using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

internal static partial class Log
{
    [LoggerMessage(570, LogLevel.Debug, "Probe {ProbeName}: read {Tasks} vzdump task(s) from {TasksPath}; {New} new observation(s)")]
    public static partial void VzdumpTasksRead(ILogger logger, string probeName, int tasks, string tasksPath, int @new);

    [LoggerMessage(571, LogLevel.Warning, "Probe {ProbeName}: the log of vzdump task {Upid} is missing; its result comes from the task index alone")]
    public static partial void VzdumpTaskLogMissing(ILogger logger, string probeName, string upid);

    [LoggerMessage(1950, LogLevel.Debug, "Probe {ProbeName}: lists no backup jobs: {Reason}")]
    public static partial void VzdumpJobsNotListed(ILogger logger, string probeName, string reason);

    [LoggerMessage(1951, LogLevel.Warning, "Probe {ProbeName}: cannot read the backup jobs under {ConfigPath} (ConfigPath): {Error}; jobs.cfg, user.cfg and .vmlist are root:www-data 0640, run the agent as root or in group www-data")]
    public static partial void VzdumpJobsUnreadable(ILogger logger, string probeName, string configPath, string error);
}
