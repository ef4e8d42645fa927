using BackupHealth.Collector.Health;

namespace BackupHealth.Collector.Api;

/// <summary>The words for <see cref="JobHealthState"/> in the API and the pages. What each state means is
/// decided in one place, <see cref="JobHealthJudge"/>, from the job's expectation.</summary>
internal static class JobHealth
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Failed = "failed";
    public const string Corrupt = "corrupt";
    public const string Missed = "missed";
    public const string Disabled = "disabled";
    public const string Running = "running";

    /// <summary>Worst first.</summary>
    public static readonly IReadOnlyList<string> All = [Failed, Corrupt, Missed, Disabled, Warning, Running, Ok];

    public static string Name(JobHealthState state) => All[(int)state];

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
