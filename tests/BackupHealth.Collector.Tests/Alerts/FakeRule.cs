using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>A rule whose findings the test sets; it records the snapshot it was given.</summary>
internal sealed class FakeRule(string id) : IAlertRule
{
    public string Id => id;

    public List<RuleFinding> Findings { get; } = [];

    public Exception? Failure { get; set; }

    public EvaluationSnapshot? LastSnapshot { get; private set; }

    public IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot)
    {
        LastSnapshot = snapshot;
        if (Failure is not null)
        {
            throw Failure;
        }

        return Findings.ToList();
    }
}
