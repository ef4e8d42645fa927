using System.Text.RegularExpressions;
using BackupHealth.Collector.Rules;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Docs;

/// <summary>docs/alert-rules.md lists every rule's problem word and meaning as <see cref="RuleGuide"/> has them.</summary>
public sealed partial class RuleGuideDocsTests
{
    [Fact]
    public void The_table_of_what_each_alert_tells_matches_the_guide_for_every_rule()
    {
        var doc = File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot(), "docs", "alert-rules.md"));
        var rows = Row().Matches(doc).ToDictionary(m => m.Groups["rule"].Value, m => (Problem: m.Groups["problem"].Value, What: m.Groups["what"].Value));
        var rules = new[]
        {
            JobFailedRule.RuleId, JobMissedRule.RuleId, JobDisabledRule.RuleId, JobDisappearedRule.RuleId, VerificationFailedRule.RuleId,
            SizeAnomalyRule.RuleId, DurationAnomalyRule.RuleId, WarningsRepeatRule.RuleId, AgentSilentRule.RuleId, AgentFloodingRule.RuleId,
            ProbeErrorRule.RuleId, ProbeStalledRule.RuleId, VmNotProtectedRule.RuleId,
        };

        foreach (var rule in rules)
        {
            Assert.True(rows.TryGetValue(rule, out var row), $"docs/alert-rules.md has no row for {rule}");
            Assert.Equal((RuleGuide.Problem(rule), RuleGuide.What(rule)), row);
        }
    }

    [GeneratedRegex(@"^\| `(?<rule>[a-z_]+)` \| (?<problem>[a-z ]+) \| (?<what>[^|]+?) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
