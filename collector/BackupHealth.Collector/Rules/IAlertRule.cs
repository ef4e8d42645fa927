using BackupHealth.Collector.Model;

namespace BackupHealth.Collector.Rules;

/// <summary>One alert rule: a pure function from the snapshot to the conditions that hold now. A finding that is
/// returned keeps its alert firing; one that is no longer returned resolves it.</summary>
internal interface IAlertRule
{
    /// <summary>Stable id, e.g. <c>job_failed</c>; part of every alert key.</summary>
    string Id { get; }

    IEnumerable<RuleFinding> Evaluate(EvaluationSnapshot snapshot);
}
