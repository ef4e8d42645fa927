using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

internal static partial class Log
{
    [LoggerMessage(575, LogLevel.Debug, "Probe {ProbeName}: read {Guests} guest(s) and {Tasks} vzdump task(s) from {Nodes} node(s) of {Url}; {New} new observation(s)")]
    public static partial void ProxmoxApiRead(ILogger logger, string probeName, int guests, int tasks, int nodes, string url, int @new);

    [LoggerMessage(576, LogLevel.Information, "Probe {ProbeName}: node {Node} is {Status}; its tasks are read when it is online again")]
    public static partial void ProxmoxNodeSkipped(ILogger logger, string probeName, string node, string status);

    [LoggerMessage(577, LogLevel.Warning, "Probe {ProbeName}: the log of vzdump task {Upid} cannot be read (HTTP {StatusCode}); its result comes from the task list alone")]
    public static partial void ProxmoxTaskLogUnavailable(ILogger logger, string probeName, string upid, int statusCode);

    [LoggerMessage(578, LogLevel.Warning, "Probe {ProbeName}: node {Node} reports time zone '{TimeZone}', unknown here; using its current UTC offset {Offset}")]
    public static partial void ProxmoxNodeZoneUnknown(ILogger logger, string probeName, string node, string timeZone, TimeSpan offset);
}
