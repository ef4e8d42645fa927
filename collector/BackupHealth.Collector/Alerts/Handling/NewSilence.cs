namespace BackupHealth.Collector.Alerts.Handling;

/// <summary>A checked <see cref="SilenceRequest"/>.</summary>
internal sealed record NewSilence(
    string? Customer,
    string? Site,
    string? Agent,
    string? Job,
    string? Rule,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string Comment,
    string By)
{
    /// <summary>Null with a reason when the request cannot become a silence.</summary>
    public static NewSilence? From(SilenceRequest request, DateTimeOffset now, out string error)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!RequestText.TryName("by", request.By, out var by, out error)
            || !RequestText.TryComment(request.Comment, required: true, out var comment, out error)
            || !RequestText.TryOptionalName("customer", request.Customer, out var customer, out error)
            || !RequestText.TryOptionalName("site", request.Site, out var site, out error)
            || !RequestText.TryOptionalName("agent", request.Agent, out var agent, out error)
            || !RequestText.TryOptionalName("job", request.Job, out var job, out error)
            || !RequestText.TryOptionalName("rule", request.Rule, out var rule, out error))
        {
            return null;
        }

        var startsAt = request.StartsAt ?? now;
        error = customer is null && site is null && agent is null && job is null && rule is null
                ? "the matcher is empty: set at least one of customer, site, agent, job, rule"
            : request.EndsAt is not { } endsAt ? "endsAt is required"
            : endsAt <= startsAt ? "endsAt must be after startsAt"
            : endsAt <= now ? "endsAt is in the past"
            : "";
        return error.Length > 0 ? null : new NewSilence(customer, site, agent, job, rule, startsAt, request.EndsAt!.Value, comment, by);
    }
}
