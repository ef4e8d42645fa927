using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Messages of the Veeam probes (510–529): 510–519 the REST API probe, 520–524 the event log probe,
/// 525–529 the Veeam Agent for Linux probe; 1100–1109 the REST API probe's revision negotiation.</summary>
internal static partial class Log
{
    [LoggerMessage(510, LogLevel.Debug, "Probe {ProbeName}: logged in to {Url} as {Username}; access token valid for {Lifetime}")]
    public static partial void VeeamLoggedIn(ILogger logger, string probeName, string url, string username, TimeSpan lifetime);

    [LoggerMessage(511, LogLevel.Debug, "Probe {ProbeName}: access token refreshed; valid for {Lifetime}")]
    public static partial void VeeamTokenRefreshed(ILogger logger, string probeName, TimeSpan lifetime);

    [LoggerMessage(512, LogLevel.Information, "Probe {ProbeName}: token refresh refused ({Reason}); logging in with the password again")]
    public static partial void VeeamRefreshFailed(ILogger logger, string probeName, string reason);

    [LoggerMessage(513, LogLevel.Information, "Probe {ProbeName}: {Path} answered 401 with a token that should still be valid; logging in again")]
    public static partial void VeeamReloginAfter401(ILogger logger, string probeName, string path);

    [LoggerMessage(514, LogLevel.Warning, "Probe {ProbeName}: session {SessionId} has no readable creation time ('{CreationTime}'); skipped")]
    public static partial void VeeamSessionWithoutTime(ILogger logger, string probeName, string sessionId, string? creationTime);

    [LoggerMessage(515, LogLevel.Information, "Probe {ProbeName}: running session {SessionId} no longer exists on the server; forgotten")]
    public static partial void VeeamRunningSessionGone(ILogger logger, string probeName, string sessionId);

    [LoggerMessage(516, LogLevel.Debug, "Probe {ProbeName}: {Sessions} session(s) read in {Pages} page(s) since {CreatedAfter:O}, {Jobs} job(s)")]
    public static partial void VeeamRead(ILogger logger, string probeName, int sessions, int pages, DateTimeOffset createdAfter, int jobs);

    [LoggerMessage(517, LogLevel.Warning, "Probe {ProbeName}: task sessions of session {SessionId} could not be read ({Reason}); the session is reported without its per-VM results")]
    public static partial void VeeamTaskSessionsUnreadable(ILogger logger, string probeName, string sessionId, string reason);

    [LoggerMessage(1100, LogLevel.Information, "Probe {ProbeName}: the server refuses REST API revision {Refused}; trying {Next}")]
    public static partial void VeeamApiRevisionRefused(ILogger logger, string probeName, string refused, string next);

    [LoggerMessage(1101, LogLevel.Information, "Probe {ProbeName}: using REST API revision {Revision} ({How})")]
    public static partial void VeeamApiRevisionInUse(ILogger logger, string probeName, string revision, string how);

    [LoggerMessage(1102, LogLevel.Warning, "Probe {ProbeName}: the server has no task sessions under REST API revision {Revision}; sessions are reported without their per-VM results")]
    public static partial void VeeamTaskSessionsUnavailable(ILogger logger, string probeName, string revision);
}
