using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify.Links;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>One alert of an e-mail in the order a technician reads it, the same for the text and the HTML part: what
/// it means, where, since when, the next step, the links, the detail, then the facts and the last runs. Every text is
/// plain (the HTML part encodes it); times are in the customer's zone with UTC beside.</summary>
internal sealed record EmailAlert(
    AlertChange Change,
    string Label,
    string Title,
    string Since,
    EmailCallout? Callout,
    string What,
    IReadOnlyList<EmailFact> Situation,
    string? NextStep,
    IReadOnlyList<AlertLink> Links,
    IReadOnlyList<string> Detail,
    IReadOnlyList<EmailFact> Facts,
    IReadOnlyList<EmailRun> Runs)
{
    /// <summary>What people call the thing (the job, the host), for the summary table.</summary>
    public string Name => NotificationText.Name(Change);

    /// <summary>The rule's problem word (<c>failed</c>, <c>missed</c>), for the summary table.</summary>
    public string Problem => RuleGuide.Problem(Change.Rule);

    /// <summary>The severity while it fires, else what became of it (<c>RESOLVED</c>, <c>ACKNOWLEDGED</c>).</summary>
    public string Badge => NotificationText.IsFiring(Change) ? NotificationText.SeverityLabel(Change.Severity) : NotificationText.ChangeLabel(Change.Kind);

    public static EmailAlert Of(SiteNotification notification, AlertChange change, MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(context);
        var zone = context.Zones.Of(notification.Customer);
        string Time(DateTimeOffset value) => NotificationText.Time(value, zone);

        var since = Time(NotificationText.Since(change));
        var situation = new List<EmailFact> { new("Where", NotificationText.Where(notification, change)), new("Since", since, IsTime: true) };
        AddTime(situation, "Last success", change.LastSuccess, Time);
        AddTime(situation, "Due by", change.DueBy, Time);
        AddTime(situation, "Last heard", change.LastHeard, Time);

        var facts = new List<EmailFact> { new("Rule", change.Rule), new("Alert key", change.AlertKey) };
        if (change.AgentKey is not null)
        {
            facts.Add(new EmailFact("Agent", NotificationText.OneLine(change.AgentKey)));
        }

        facts.Add(new EmailFact("Fired at", Time(change.FiredAt), IsTime: true));
        AddTime(facts, "Resolved at", change.ResolvedAt, Time);

        return new EmailAlert(
            change,
            $"{NotificationText.SeverityLabel(change.Severity)} {NotificationText.ChangeLabel(change.Kind)}",
            NotificationText.OneLine(change.Title),
            since,
            CalloutOf(change, zone),
            NotificationText.What(change),
            situation,
            change.Kind == AlertChangeKind.Resolved ? null : NotificationText.NextStep(change, zone),
            AlertLink.Of(notification, change, context.Links),
            Lines(change.Detail),
            facts,
            [.. change.LastRuns.Select(r => new EmailRun(StatusNames.Of(r.Status), Time(r.RunTime), Figures.Size(r.SizeBytes), NotificationText.OneLine(r.Message)))]);
    }

    /// <summary>The news about the alert, shown first: why it resolved, who is on it, or that it re-opens a person's
    /// resolve.</summary>
    private static EmailCallout? CalloutOf(AlertChange change, TimeZoneInfo zone)
    {
        if (NotificationText.Why(change, zone) is { } why)
        {
            return new EmailCallout("Why it resolved", why, Attention: false);
        }

        if (NotificationText.Acknowledgement(change) is { } acknowledged)
        {
            return new EmailCallout("Who is on it", acknowledged, Attention: false);
        }

        return NotificationText.Reopened(change, zone) is { } reopened ? new EmailCallout("Attention", reopened, Attention: true) : null;
    }

    /// <summary>The detail's own lines (a silent agent's detail has several), without empty ones at either end.</summary>
    private static List<string> Lines(string detail) =>
        [.. (detail ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n')
            .Select(line => line.Replace('\t', ' ').TrimEnd())
            .SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse()];

    private static void AddTime(List<EmailFact> facts, string label, DateTimeOffset? value, Func<DateTimeOffset, string> time)
    {
        if (value is { } v)
        {
            facts.Add(new EmailFact(label, time(v), IsTime: true));
        }
    }
}
