using BackupHealth.Collector.Dashboard.Problems;
using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Web;

/// <summary>A problem's reason as one line: "failed 3 h ago: file is empty", "missed, last backup 2 d ago".</summary>
internal static class ProblemText
{
    public static string Of(ProblemReason reason, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var text = reason.Since is { } since ? $"{reason.What} {Figures.Ago(since, now)}" : reason.What;
        return reason.Detail is { } detail ? $"{text}: {detail}" : text;
    }
}
