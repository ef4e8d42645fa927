using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

internal static partial class Log
{
    [LoggerMessage(580, LogLevel.Debug, "Probe {ProbeName}: read {Snapshots} snapshot(s) in {Groups} backup group(s) of {Stores} datastore(s) at {Url}; {New} new observation(s)")]
    public static partial void PbsRead(ILogger logger, string probeName, int snapshots, int groups, int stores, string url, int @new);
}
