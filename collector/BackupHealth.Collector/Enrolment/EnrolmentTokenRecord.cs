namespace BackupHealth.Collector.Enrolment;

/// <summary>An enrolment token as listed: never its secret.</summary>
internal sealed record EnrolmentTokenRecord(
    long Id, long SiteId, string Customer, string Site, string Name, string CreatedBy, DateTime Created, DateTime Expires,
    int MaxUses, int Uses, DateTime? LastUsed, DateTime? Revoked)
{
    public string State(DateTime now) =>
        Revoked is not null ? "revoked" : Uses >= MaxUses ? "used up" : Expires <= now ? "expired" : "usable";
}

/// <summary>A token just made: <see cref="Text"/> is shown this once.</summary>
internal sealed record CreatedEnrolmentToken(long Id, string Text, DateTimeOffset Expires, int MaxUses);
