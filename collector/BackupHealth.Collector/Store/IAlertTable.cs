using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;

namespace BackupHealth.Collector.Store;

/// <summary>The evaluator's reads and writes of the alerts, inside its unit of work. Times are Unix milliseconds.</summary>
internal interface IAlertTable
{
    /// <summary>Every alert not resolved, by rule and subject.</summary>
    Dictionary<(string Rule, string Subject), AlertRecord> LoadOpen();

    /// <summary>Resolved alerts whose firing was notified and whose resolution is still to be.</summary>
    List<AlertRecord> LoadResolvePending();

    /// <summary>Acknowledged alerts whose firing was told and whose acknowledgement is still to be.</summary>
    List<AlertRecord> LoadAckPending();

    /// <summary>The newest earlier alert of this rule and subject, when a person resolved it (else null): the one a new
    /// alert re-opens.</summary>
    long? ResolvedByPersonBefore(string rule, string subject);

    /// <summary>Who resolved the alert <paramref name="alertId"/>, when, and why.</summary>
    ReopenedAlert? Resolve(long alertId);

    /// <summary>Every site's customer and site name, by site id.</summary>
    Dictionary<long, (string Customer, string Site)> LoadSiteNames();

    AlertRecord Insert(RuleFinding f, long now, bool muted, long? heldBy, long? reopens);

    /// <summary>The condition still holds: refreshes what the rule says of it now.</summary>
    AlertRecord Update(AlertRecord alert, RuleFinding f, long now, bool muted, long? heldBy);

    /// <param name="resolution">Why, in words: "the run of … succeeded, 5.3 GB".</param>
    void ResolveCleared(long alertId, long now, string resolution);

    void MarkAckNotified(long alertId);

    void MarkFiringNotified(long alertId, long now);

    void MarkResolveNotified(long alertId);
}
