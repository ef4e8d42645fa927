namespace BackupHealth.Collector.Alerts.Muting;

/// <summary>Mutes the notifications of every alert it matches between <see cref="StartsAt"/> and
/// <see cref="EndsAt"/>. Each matcher that is set must equal the alert's (exact, case-sensitive); one that is null
/// matches anything. <see cref="Job"/> matches the job key or the job id.</summary>
internal sealed record Silence(
    long Id,
    string? Customer,
    string? Site,
    string? Agent,
    string? Job,
    string? Rule,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Comment,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Expired = "expired";

    public bool IsActive(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public string StateAt(DateTimeOffset now) => now < StartsAt ? Pending : now < EndsAt ? Active : Expired;

    public bool Matches(MuteTarget target) =>
        Is(Customer, target.Customer)
        && Is(Site, target.Site)
        && (Agent is null || string.Equals(Agent, target.AgentKey, StringComparison.Ordinal))
        && (Job is null || target.IsJob(Job))
        && Is(Rule, target.Rule);

    private static bool Is(string? matcher, string value) => matcher is null || string.Equals(matcher, value, StringComparison.Ordinal);
}
