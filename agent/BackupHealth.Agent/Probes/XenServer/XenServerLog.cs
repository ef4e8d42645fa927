using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

internal static partial class Log
{
    [LoggerMessage(540, LogLevel.Debug, "Probe {ProbeName}: logged in to XAPI at {Url} as {Username}")]
    public static partial void XapiLoggedIn(ILogger logger, string probeName, string url, string username);

    [LoggerMessage(541, LogLevel.Information, "Probe {ProbeName}: XAPI answered SESSION_INVALID (session expired or toolstack restarted); logging in again")]
    public static partial void XapiSessionInvalid(ILogger logger, string probeName);

    [LoggerMessage(542, LogLevel.Debug, "Probe {ProbeName}: XAPI logout failed; the host expires the session itself")]
    public static partial void XapiLogoutFailed(ILogger logger, string probeName, Exception exception);

    [LoggerMessage(543, LogLevel.Warning, "Probe {ProbeName}: export task {TaskUuid} ({TaskName}) vanished while pending (toolstack restart?); its outcome is unknown")]
    public static partial void XapiTaskVanished(ILogger logger, string probeName, string taskUuid, string taskName);

    [LoggerMessage(544, LogLevel.Debug, "Probe {ProbeName}: {Vms} VM(s) in inventory, {Tasks} export task(s) listed, {New} new observation(s)")]
    public static partial void XapiRead(ILogger logger, string probeName, int vms, int tasks, int @new);
}
