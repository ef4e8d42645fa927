using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Api;

/// <summary>What a job's state means to an operator. Until per-job expectations exist, "stale" is one global
/// rule: no successful run within Collector:StaleAfter.</summary>
internal static class JobHealth
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Failed = "failed";
    public const string Stale = "stale";
    public const string Running = "running";

    public static readonly IReadOnlyList<string> All = [Failed, Stale, Warning, Running, Ok];

    /// <summary>Failed beats stale (the newest run says more than the missing one); stale beats warning and
    /// running (a job that has not succeeded for too long is a problem whatever it is doing now).</summary>
    public static string Of(string? latestStatus, DateTime? lastSuccess, DateTimeOffset now, TimeSpan staleAfter)
    {
        if (latestStatus == StatusNames.Failed)
        {
            return Failed;
        }

        if (lastSuccess is null || now - new DateTimeOffset(lastSuccess.Value, TimeSpan.Zero) > staleAfter)
        {
            return Stale;
        }

        return latestStatus switch
        {
            StatusNames.Warning => Warning,
            StatusNames.Running => Running,
            _ => Ok,
        };
    }

    /// <summary>Sort order, worst first.</summary>
    public static int Severity(string health)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == health)
            {
                return i;
            }
        }

        return All.Count;
    }
}
