using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.Architecture.Samples;

// Samples for RulesRoomTests' check itself: a room of four "rules", three of which use what a rule may not.
internal sealed class AuditingRule(IAuditStore audit)
{
    public IAuditStore Audit { get; } = audit;
}

internal sealed class PageReadingRule
{
    public static Func<object, string> Describe() => o => o is JobAssessment assessment ? assessment.Job.Name : "";
}

internal sealed class NotifyingRule
{
    public static string Describe(string message) => NotificationText.OneLine(message);
}

internal sealed class PlainRule
{
    public static int Count(IReadOnlyList<string> findings) => findings.Count;
}
