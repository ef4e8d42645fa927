using BackupHealth.Collector.Model;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Tests.Rules;

internal static class RuleAssert
{
    public static RuleFinding Fires(IAlertRule rule, EvaluationSnapshot snapshot)
    {
        var finding = Assert.Single(rule.Evaluate(snapshot));
        Assert.Equal(rule.Id, finding.Rule);
        return finding;
    }

    public static void Quiet(IAlertRule rule, EvaluationSnapshot snapshot) => Assert.Empty(rule.Evaluate(snapshot));
}
