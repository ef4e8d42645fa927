namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>Mutes every alert of one site while it is open: recurring (<see cref="Recurring"/>) or once
/// (<see cref="StartsAt"/> to <see cref="EndsAt"/>).</summary>
internal sealed record MaintenanceWindow(
    long Id,
    long SiteId,
    string Customer,
    string Site,
    RecurringWindow? Recurring,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string Comment,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public bool IsActive(DateTimeOffset now) =>
        Recurring?.IsActive(now) ?? (StartsAt <= now && now < EndsAt);
}
