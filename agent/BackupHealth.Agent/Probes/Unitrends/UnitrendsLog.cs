using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

internal static partial class Log
{
    [LoggerMessage(530, LogLevel.Debug, "Probe {ProbeName}: logged in to Unitrends appliance {Url} as {Username}")]
    public static partial void UnitrendsLoggedIn(ILogger logger, string probeName, string url, string username);

    [LoggerMessage(531, LogLevel.Information, "Probe {ProbeName}: the Unitrends appliance refused the token (HTTP 401, expired?); logging in again")]
    public static partial void UnitrendsTokenRefused(ILogger logger, string probeName);

    [LoggerMessage(532, LogLevel.Debug, "Probe {ProbeName}: read {Rows} history row(s) in {Pages} page(s) since {Since:O}; {New} new")]
    public static partial void UnitrendsHistoryRead(ILogger logger, string probeName, int rows, int pages, DateTimeOffset since, int @new);

    [LoggerMessage(533, LogLevel.Warning, "Probe {ProbeName}: skipped Unitrends history row of job '{JobName}': it has neither sort_start_time nor a readable start_time ('{StartTime}')")]
    public static partial void UnitrendsRowWithoutTime(ILogger logger, string probeName, string jobName, string startTime);
}
