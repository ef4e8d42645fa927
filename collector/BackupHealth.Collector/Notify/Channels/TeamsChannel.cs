using System.Text.Json;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify.Links;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Posts an Adaptive Card (1.4) to a Teams incoming webhook: the headline, the way to get links when
/// Collector:PublicUrl is not set, one container per alert (<see cref="ChatAlert"/>, with "Open alert" and "Job
/// history" or "Site" buttons), a footer with the notification id and, when not every alert fits, "…and N more — open
/// the site" with a button to the site's grid. Every text block and fact value goes through
/// <see cref="TeamsMarkdown.Escape"/>.</summary>
internal sealed class TeamsChannel(ChannelOptions options, HttpPoster http, MessageContext context) : INotificationChannel
{
    public const string CardSchema = "http://adaptivecards.io/schemas/adaptive-card.json";
    public const string CardVersion = "1.4";

    private readonly HttpTarget _target = HttpTarget.Of(options);

    public string Name => options.Name;

    /// <summary>Links, the customer's time zone and the instance id for the message.</summary>
    public MessageContext Context => context;

    public Task SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
        http.PostJsonAsync(_target, Body(delivery), [], cancellationToken);

    /// <summary>The posted bytes: alert by alert while the serialized card stays within
    /// <see cref="ChatText.MaxBodyBytes"/> (Teams Workflows lose a larger one silently).</summary>
    public byte[] Body(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var n = delivery.Notification;
        var changes = NotificationText.Ordered(n.Changes);
        var top = new List<AdaptiveElement>
        {
            new()
            {
                Type = "TextBlock", Text = TeamsMarkdown.Escape(NotificationText.Headline(n)), Size = "Large", Weight = "Bolder", Wrap = true,
                Color = changes.Count > 0 ? Color(changes[0]) : null,
            },
        };
        if (!context.Links.Configured)
        {
            top.Add(new() { Type = "TextBlock", Text = TeamsMarkdown.Escape(NotificationLinks.HowToSet), Size = "Small", IsSubtle = true, Wrap = true });
        }

        var footer = new AdaptiveElement
        {
            Type = "TextBlock", Text = TeamsMarkdown.Escape(ChatText.Footer(delivery)), Size = "Small", IsSubtle = true, Wrap = true, Separator = true,
        };
        var site = context.Links.Site(n.SiteId);

        // Room for the alerts: what the card takes with none of them and the longest "…and N more" there can be.
        var skeleton = Serialize([.. top, footer, .. More(changes.Count, site)]);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var alerts = ChatText.Fit(changes.Select(c => Alert(ChatAlert.Of(n, c, context), Color(c), ids)), ChatText.MaxAlerts, ChatText.MaxBodyBytes - skeleton.Length,
            element => JsonSerializer.SerializeToUtf8Bytes(element, ChatJsonContext.Default.AdaptiveElement).Length);
        List<AdaptiveElement> body = [.. top, .. alerts, footer];
        if (alerts.Count < changes.Count)
        {
            body.AddRange(More(changes.Count - alerts.Count, site));
        }

        return Serialize(body);
    }

    private static byte[] Serialize(IReadOnlyList<AdaptiveElement> body)
    {
        var card = new AdaptiveCard(CardSchema, "AdaptiveCard", CardVersion, body, new TeamsCardOptions("Full"));
        var message = new TeamsMessage("message", [new TeamsAttachment(TeamsAttachment.AdaptiveCardContentType, card)]);
        return JsonSerializer.SerializeToUtf8Bytes(message, ChatJsonContext.Default.TeamsMessage);
    }

    private static List<AdaptiveElement> More(int left, Uri? site)
    {
        var more = new List<AdaptiveElement> { new() { Type = "TextBlock", Text = ChatText.More(left), Weight = "Bolder", Wrap = true, Separator = true } };
        if (site is not null)
        {
            more.Add(Buttons([new AlertLink("Open the site", site)]));
        }

        return more;
    }

    private static AdaptiveElement Alert(ChatAlert alert, string color, HashSet<string> ids)
    {
        var items = new List<AdaptiveElement>
        {
            new() { Type = "TextBlock", Weight = "Bolder", Wrap = true, Color = color, Text = TeamsMarkdown.Escape($"{alert.Label}: {alert.Title}") },
        };
        if (alert.News is { } news)
        {
            items.Add(new() { Type = "TextBlock", Text = TeamsMarkdown.Escape(news), Weight = "Bolder", Wrap = true });
        }

        items.Add(new() { Type = "TextBlock", Text = TeamsMarkdown.Escape(alert.What), Wrap = true });
        items.Add(new() { Type = "FactSet", Facts = [.. alert.Situation.Select(f => Fact(f.Label, f.Value))] });
        if (alert.NextStep is { } next)
        {
            items.Add(new() { Type = "TextBlock", Text = "**Next step:** " + TeamsMarkdown.Escape(next), Wrap = true });
        }

        if (alert.Detail.Count > 0)
        {
            // A blank line between lines: a single line break in a TextBlock's Markdown joins them.
            items.Add(new() { Type = "TextBlock", Text = string.Join("\n\n", alert.Detail.Select(TeamsMarkdown.Escape)), Wrap = true, IsSubtle = true });
        }

        items.Add(new()
        {
            Type = "FactSet",
            Facts = [.. alert.Facts.Select(f => Fact(f.Label, f.Value)), .. alert.Runs.Select((run, i) => Fact(i == 0 ? "Last runs" : "", run))],
        });
        if (alert.Links.Count > 0)
        {
            items.Add(Buttons(alert.Links));
        }

        return new() { Type = "Container", Id = ChatText.IdOnce(alert.EventId, ids), Separator = true, Items = items };
    }

    private static AdaptiveElement Buttons(IEnumerable<AlertLink> links) =>
        new() { Type = "ActionSet", Actions = [.. links.Select(l => new AdaptiveAction(AdaptiveAction.OpenUrl, l.Title, l.Url.AbsoluteUri))] };

    private static AdaptiveFact Fact(string title, string value) => new(title, TeamsMarkdown.Escape(value));

    private static string Color(AlertChange c) =>
        !NotificationText.IsFiring(c) ? "Good" : c.Severity == AlertSeverity.Critical ? "Attention" : "Warning";
}
