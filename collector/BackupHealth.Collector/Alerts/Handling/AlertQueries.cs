using BackupHealth.Collector.Alerts.Muting;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>The API's reads of alerts, silences and windows (<see cref="IAlertReadStore"/>), shaped for the API: the
/// silences' and windows' state now, newest first.</summary>
internal sealed class AlertQueries(IAlertReadStore store, TimeProvider time)
{
    public Task<IReadOnlyList<AlertDto>> GetAlertsAsync(AlertFilter filter, CancellationToken cancellationToken) =>
        store.ListAlertsAsync(filter, cancellationToken);

    public Task<AlertDto?> GetAlertAsync(long id, CancellationToken cancellationToken) => store.FindAlertAsync(id, cancellationToken);

    /// <summary>What the alert page explains beside the row: the guide's context (product, host, last heard, last
    /// success, the newest run's file), why it resolved, and the alert a person resolved that this one re-opens.</summary>
    public Task<AlertExplanation> GetExplanationAsync(long id, CancellationToken cancellationToken) => store.ExplainAsync(id, cancellationToken);

    /// <summary>The earlier and later alerts of the same rule and subject (the condition came back), newest first.</summary>
    public Task<IReadOnlyList<AlertDto>> GetOccurrencesAsync(AlertDto alert, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return store.ListOccurrencesAsync(alert.Rule, alert.Subject, alert.Id, limit, cancellationToken);
    }

    /// <summary>The inventory names of the VMs that the <c>vm:</c> subjects of <paramref name="alerts"/> stand for, by
    /// subject; a VM that is no longer in the inventory, or has no name there, is left out.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetVmNamesAsync(IEnumerable<AlertDto> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var subjects = alerts.Select(a => a.Subject).Where(Model.Subjects.IsVm).Distinct().ToArray();
        return subjects.Length == 0
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            : await store.FindVmNamesAsync(subjects, cancellationToken);
    }

    /// <summary>The notifications that told of the alert, oldest first.</summary>
    public Task<IReadOnlyList<AlertNotificationRow>> GetNotificationsAsync(long alertId, CancellationToken cancellationToken) =>
        store.ListNotificationsAsync(alertId, cancellationToken);

    public async Task<IReadOnlyList<SilenceDto>> GetSilencesAsync(CancellationToken cancellationToken)
    {
        var silences = await store.ListSilencesAsync(cancellationToken);
        var now = time.GetUtcNow();
        return silences.OrderByDescending(s => s.Id).Select(s => ToDto(s, now)).ToList();
    }

    public async Task<SilenceDto?> GetSilenceAsync(long id, CancellationToken cancellationToken) =>
        await store.FindSilenceAsync(id, cancellationToken) is { } s ? ToDto(s, time.GetUtcNow()) : null;

    /// <summary>Windows whose time zone is unknown here are left out (the evaluator logs them).</summary>
    public async Task<IReadOnlyList<MaintenanceWindowDto>> GetWindowsAsync(CancellationToken cancellationToken)
    {
        var windows = await store.ListWindowsAsync(cancellationToken);
        var now = time.GetUtcNow();
        return windows.OrderByDescending(w => w.Id).Select(w => ToDto(w, now)).ToList();
    }

    public async Task<MaintenanceWindowDto?> GetWindowAsync(long id, CancellationToken cancellationToken) =>
        await store.FindWindowAsync(id, cancellationToken) is { } w ? ToDto(w, time.GetUtcNow()) : null;

    public static SilenceDto ToDto(Silence s, DateTimeOffset now) => new(
        s.Id, s.Customer, s.Site, s.Agent, s.Job, s.Rule, s.StartsAt.UtcDateTime, s.EndsAt.UtcDateTime, s.StateAt(now), s.Comment,
        s.CreatedBy, s.CreatedAt.UtcDateTime);

    public static MaintenanceWindowDto ToDto(MaintenanceWindow w, DateTimeOffset now)
    {
        var r = w.Recurring;
        return new MaintenanceWindowDto(w.Id, w.Customer, w.Site,
            r is null ? null : WeekDays.Split(WeekDays.Format(r.Days)),
            r?.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            r is null ? null : RecurringWindow.FormatDuration(r.Duration),
            r?.Zone.Id, w.StartsAt?.UtcDateTime, w.EndsAt?.UtcDateTime, w.IsActive(now), w.Comment, w.CreatedBy,
            w.CreatedAt.UtcDateTime);
    }
}
