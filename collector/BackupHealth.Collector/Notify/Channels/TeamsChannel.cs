using BackupHealth.Collector.Notify.Links;
using System.Text.Json;
using BackupHealth.Collector.Rules;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Posts an Adaptive Card (1.4) to a Teams incoming webhook: the headline, then per alert its state and
/// title, the detail, and facts (rule, agent, job, times, last runs). Every text block and fact value goes through
/// <see cref="TeamsMarkdown.Escape"/>.</summary>
internal sealed class TeamsChannel(ChannelOptions options, HttpPoster http, MessageContext context) : INotificationChannel
{
    public const string CardSchema = "http://adaptivecards.io/schemas/adaptive-card.json";
    public const string CardVersion = "1.4";

    private readonly Uri _url = new(options.Url.Trim());

    public string Name => options.Name;

    /// <summary>Links, the customer's time zone and the instance id for the message.</summary>
    public MessageContext Context => context;

    public Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Render(delivery), ChatJsonContext.Default.TeamsMessage);
        return http.PostJsonAsync(_url, body, options.Headers, cancellationToken);
    }

    public static TeamsMessage Render(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var changes = NotificationText.Ordered(delivery.Notification.Changes);
        var body = new List<AdaptiveElement>
        {
            new()
            {
                Type = "TextBlock", Text = TeamsMarkdown.Escape(NotificationText.Headline(delivery.Notification)), Size = "Large", Weight = "Bolder", Wrap = true,
                Color = changes.Count > 0 ? Color(changes[0]) : null,
            },
        };
        body.AddRange(changes.Take(ChatText.MaxAlerts).Select(Alert));
        if (changes.Count > ChatText.MaxAlerts)
        {
            body.Add(new() { Type = "TextBlock", Text = FormattableString.Invariant($"…and {changes.Count - ChatText.MaxAlerts} more"), Wrap = true });
        }

        body.Add(new() { Type = "TextBlock", Text = TeamsMarkdown.Escape(ChatText.Footer(delivery)), Size = "Small", IsSubtle = true, Wrap = true, Separator = true });
        var card = new AdaptiveCard(CardSchema, "AdaptiveCard", CardVersion, body, new TeamsCardOptions("Full"));
        return new TeamsMessage("message", [new TeamsAttachment(TeamsAttachment.AdaptiveCardContentType, card)]);
    }

    private static AdaptiveElement Alert(AlertChange c)
    {
        var facts = new List<AdaptiveFact> { Fact("Rule", c.Rule) };
        if (c.AgentKey is not null)
        {
            facts.Add(Fact("Agent", c.AgentKey));
        }

        if (c.JobName is not null)
        {
            facts.Add(Fact("Job", c.JobName));
        }

        facts.Add(Fact("Fired at", NotificationText.Time(c.FiredAt)));
        if (c.ResolvedAt is { } resolved)
        {
            facts.Add(Fact("Resolved at", NotificationText.Time(resolved)));
        }

        facts.AddRange(c.LastRuns.Take(ChatText.MaxRuns).Select((run, i) => Fact(i == 0 ? "Last runs" : "", ChatText.Run(run))));
        var items = new List<AdaptiveElement>
        {
            new()
            {
                Type = "TextBlock", Weight = "Bolder", Wrap = true, Color = Color(c),
                Text = TeamsMarkdown.Escape($"{NotificationText.SeverityLabel(c.Severity)} · {NotificationText.ChangeLabel(c.Kind)}: {NotificationText.OneLine(c.Title)}"),
            },
        };
        if (!string.IsNullOrWhiteSpace(c.Detail))
        {
            items.Add(new() { Type = "TextBlock", Text = TeamsMarkdown.Escape(c.Detail), Wrap = true, IsSubtle = true });
        }

        items.Add(new() { Type = "FactSet", Facts = facts });
        return new() { Type = "Container", Separator = true, Items = items };
    }

    private static AdaptiveFact Fact(string title, string value) => new(title, TeamsMarkdown.Escape(value));

    private static string Color(AlertChange c) =>
        !NotificationText.IsFiring(c) ? "Good" : c.Severity == AlertSeverity.Critical ? "Attention" : "Warning";
}
