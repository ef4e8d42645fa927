using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Alerts.Muting;

namespace BackupHealth.Collector.Store;

/// <summary>The reads of the alert API and pages: alerts, what explains them, and the silences and windows as
/// stored. Never holds up ingest or the evaluator.</summary>
internal interface IAlertReadStore
{
    /// <summary>The alerts <paramref name="filter"/> asks for, newest first (worst first when it says so), at most
    /// <see cref="AlertFilter.Limit"/>.</summary>
    Task<IReadOnlyList<AlertDto>> ListAlertsAsync(AlertFilter filter, CancellationToken cancellationToken);

    Task<AlertDto?> FindAlertAsync(long id, CancellationToken cancellationToken);

    /// <summary>The guide's context of the alert (product, host, last heard, last success, the newest run's file), why
    /// it resolved and the alert it re-opens; an empty explanation when there is no such alert.</summary>
    Task<AlertExplanation> ExplainAsync(long id, CancellationToken cancellationToken);

    /// <summary>The other alerts of <paramref name="rule"/> and <paramref name="subject"/> than
    /// <paramref name="exceptId"/>, newest first.</summary>
    Task<IReadOnlyList<AlertDto>> ListOccurrencesAsync(string rule, string subject, long exceptId, int limit, CancellationToken cancellationToken);

    /// <summary>The inventory names of the VMs that these <c>vm:</c> subjects stand for, by subject; one no longer in
    /// the inventory, or without a name there, is left out.</summary>
    Task<IReadOnlyDictionary<string, string>> FindVmNamesAsync(IReadOnlyCollection<string> subjects, CancellationToken cancellationToken);

    /// <summary>The notifications that told of the alert, oldest first.</summary>
    Task<IReadOnlyList<AlertNotificationRow>> ListNotificationsAsync(long alertId, CancellationToken cancellationToken);

    /// <summary>Every silence, in id order.</summary>
    Task<IReadOnlyList<Silence>> ListSilencesAsync(CancellationToken cancellationToken);

    Task<Silence?> FindSilenceAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every window whose time zone is known here, in id order (the evaluator logs the others).</summary>
    Task<IReadOnlyList<MaintenanceWindow>> ListWindowsAsync(CancellationToken cancellationToken);

    /// <summary>Null also when the window's time zone is not known here.</summary>
    Task<MaintenanceWindow?> FindWindowAsync(long id, CancellationToken cancellationToken);
}
