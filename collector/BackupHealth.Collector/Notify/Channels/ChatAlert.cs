using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify.Links;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>One alert as Slack and Teams explain it, in plain text that each format escapes its own way, so both say
/// the same in the same order: what happened (<see cref="Label"/>, <see cref="Title"/>), the news of an
/// acknowledgement, resolve or re-open, what it means, where and since when, the next step, the detail, the facts,
/// the last runs and the links. Times are in the customer's zone; times and sizes never wrap.</summary>
internal sealed record ChatAlert(
    string Label,
    string Title,
    string? News,
    string What,
    IReadOnlyList<ChatFact> Situation,
    string? NextStep,
    IReadOnlyList<string> Detail,
    IReadOnlyList<ChatFact> Facts,
    IReadOnlyList<string> Runs,
    IReadOnlyList<AlertLink> Links,
    string EventId)
{
    public static ChatAlert Of(SiteNotification notification, AlertChange change, MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(context);
        var zone = context.Zones.Of(notification.Customer);
        var resolved = change.Kind == AlertChangeKind.Resolved;
        return new ChatAlert(
            $"{NotificationText.SeverityLabel(change.Severity)} · {NotificationText.ChangeLabel(change.Kind)}",
            NotificationText.OneLine(change.Title),
            NewsOf(change, zone),
            NotificationText.What(change),
            SituationOf(notification, change, zone),
            resolved ? null : NotificationText.NextStep(change, zone, noWrap: true),
            Lines(change.Detail),
            FactsOf(change, zone),
            [.. change.LastRuns.Take(ChatText.MaxRuns).Select(run => ChatText.Run(run, zone))],
            AlertLink.Of(notification, change, context.Links),
            change.EventId);
    }

    /// <summary>A time that does not wrap.</summary>
    private static string Time(DateTimeOffset value, TimeZoneInfo zone) => NotificationText.NoWrap(NotificationText.Time(value, zone));

    private static string? NewsOf(AlertChange c, TimeZoneInfo zone)
    {
        if (NotificationText.Reopened(c, zone) is { } reopened && NotificationText.IsFiring(c))
        {
            return Capitalised(KeepTogether(reopened, NotificationText.Time(c.Reopens!.ResolvedAt, zone)));
        }

        if (NotificationText.Acknowledgement(c) is { } acknowledged)
        {
            return Capitalised(acknowledged);
        }

        return NotificationText.Why(c, zone) is { } why
            ? "Why it resolved: " + (c.ResolvingRun is { } run
                ? KeepTogether(why, NotificationText.Time(run.RunTime, zone), Figures.Size(run.SizeBytes))
                : why)
            : null;
    }

    private static List<ChatFact> SituationOf(SiteNotification n, AlertChange c, TimeZoneInfo zone)
    {
        var facts = new List<ChatFact> { new("Where", NotificationText.Where(n, c)) };
        if (c.Kind != AlertChangeKind.Resolved)
        {
            facts.Add(new("Since", Time(NotificationText.Since(c), zone)));
        }

        if (c.LastSuccess is { } success)
        {
            facts.Add(new("Last success", Time(success, zone)));
        }

        if (c.DueBy is { } due)
        {
            facts.Add(new("Due by", Time(due, zone)));
        }

        return facts;
    }

    /// <summary>The detail's own lines (an agent_silent alert names the alerts it holds back on a line of their own).</summary>
    private static List<string> Lines(string detail) =>
        [.. ChatText.Truncate(detail ?? "", ChatText.MaxDetail).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Replace('\t', ' '))];

    private static List<ChatFact> FactsOf(AlertChange c, TimeZoneInfo zone)
    {
        var facts = new List<ChatFact> { new("Rule", c.Rule, Code: true), new("Alert", c.AlertKey, Code: true) };
        if (c.AgentKey is not null)
        {
            facts.Add(new("Agent", c.AgentKey, Code: true));
        }

        if (c.JobName is not null)
        {
            facts.Add(new("Job", NotificationText.OneLine(c.JobName)));
        }

        facts.Add(new("Fired at", Time(c.FiredAt, zone)));
        if (c.ResolvedAt is { } resolved)
        {
            facts.Add(new("Resolved at", Time(resolved, zone)));
        }

        return facts;
    }

    /// <summary><paramref name="text"/> with each of <paramref name="pieces"/> (a time, a size) made non-breaking.</summary>
    private static string KeepTogether(string text, params string[] pieces) =>
        pieces.Aggregate(text, (t, piece) => t.Replace(piece, NotificationText.NoWrap(piece), StringComparison.Ordinal));

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <summary>A labelled value; <see cref="Code"/> for ids shown as code in Slack.</summary>
internal sealed record ChatFact(string Label, string Value, bool Code = false);

