using System.Text;
using System.Text.Json;
using BackupHealth.Collector.Notify.Links;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Posts to a Slack incoming webhook: a header with the headline, the way to get links when
/// Collector:PublicUrl is not set, one mrkdwn section per alert (<see cref="ChatAlert"/>, with "Open alert" and "Job
/// history" links), a footer with the notification id and, when not every alert fits, "…and N more — open the site".
/// Every text from the collector's data goes through <see cref="SlackMrkdwn.Escape"/>; the only links are the
/// collector's own (<see cref="SlackMrkdwn.Link"/>).</summary>
internal sealed class SlackChannel(ChannelOptions options, HttpPoster http, MessageContext context) : INotificationChannel
{
    /// <summary>Block Kit's limits: blocks per message, characters per header and per section text.</summary>
    public const int MaxBlocks = 50;
    public const int MaxHeader = 150;
    public const int MaxSection = 3000;

    /// <summary>Slack's longest <c>block_id</c>.</summary>
    private const int MaxBlockId = 255;

    private readonly HttpTarget _target = HttpTarget.Of(options);

    public string Name => options.Name;

    /// <summary>Links, the customer's time zone and the instance id for the message.</summary>
    public MessageContext Context => context;

    public Task SendAsync(Delivery delivery, CancellationToken cancellationToken) =>
        http.PostJsonAsync(_target, Body(delivery), [], cancellationToken);

    /// <summary>The posted bytes: alert sections as long as the message stays within <see cref="MaxBlocks"/> and
    /// <see cref="ChatText.MaxBodyBytes"/>, measured on the serialized body.</summary>
    public byte[] Body(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var n = delivery.Notification;
        var changes = NotificationText.Ordered(n.Changes);
        var headline = SlackMrkdwn.Escape(NotificationText.Headline(n));
        var top = new List<SlackBlock> { new("header", new SlackText("plain_text", SlackMrkdwn.Truncate(headline, MaxHeader))) };
        if (!context.Links.Configured)
        {
            top.Add(Note(NotificationLinks.HowToSet));
        }

        var footer = Note(ChatText.Footer(delivery));
        var site = context.Links.Site(n.SiteId);

        // Room for the alerts: what the message takes with none of them and the longest "…and N more" there can be.
        var skeleton = Serialize(new SlackMessage(headline, [.. top, footer, More(changes.Count, site)]));
        var eventIds = new HashSet<string>(StringComparer.Ordinal);
        var sections = ChatText.Fit(
            changes.Select(c => Section(ChatAlert.Of(n, c, context), eventIds)),
            Math.Min(ChatText.MaxAlerts, MaxBlocks - top.Count - 2), ChatText.MaxBodyBytes - skeleton.Length,
            block => JsonSerializer.SerializeToUtf8Bytes(block, ChatJsonContext.Default.SlackBlock).Length);
        var blocks = new List<SlackBlock>(top);
        blocks.AddRange(sections);
        blocks.Add(footer);
        if (sections.Count < changes.Count)
        {
            blocks.Add(More(changes.Count - sections.Count, site));
        }

        return Serialize(new SlackMessage(headline, blocks));
    }

    private static byte[] Serialize(SlackMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, ChatJsonContext.Default.SlackMessage);

    private static SlackBlock Note(string text) => new("context", Elements: [new SlackText("mrkdwn", SlackMrkdwn.Escape(text))]);

    private static SlackBlock More(int left, Uri? site)
    {
        var text = SlackMrkdwn.Escape(ChatText.More(left));
        return new SlackBlock("section", new SlackText("mrkdwn", site is null ? text : text + "\n" + SlackMrkdwn.Link(site, "Open the site")));
    }

    private static SlackBlock Section(ChatAlert alert, HashSet<string> eventIds)
    {
        var text = new StringBuilder()
            .Append('*').Append(alert.Label).Append("* ").Append(SlackMrkdwn.Escape(alert.Title));
        if (alert.News is { } news)
        {
            text.Append('\n').Append(SlackMrkdwn.Escape(news));
        }

        text.Append('\n').Append(SlackMrkdwn.Escape(alert.What));
        foreach (var fact in alert.Situation)
        {
            text.Append("\n*").Append(fact.Label).Append(":* ").Append(SlackMrkdwn.Escape(fact.Value));
        }

        if (alert.NextStep is { } next)
        {
            text.Append("\n*Next step:* ").Append(SlackMrkdwn.Escape(next));
        }

        foreach (var line in alert.Detail)
        {
            text.Append("\n>").Append(SlackMrkdwn.Escape(line));
        }

        text.Append('\n').AppendJoin(" · ", alert.Facts.Select(f => f.Code ? $"{f.Label} `{SlackMrkdwn.Escape(f.Value)}`" : $"{f.Label} {SlackMrkdwn.Escape(f.Value)}"));
        foreach (var run in alert.Runs)
        {
            text.Append("\n• ").Append(SlackMrkdwn.Escape(run));
        }

        // The links come last and are never cut: a cut link would show its markup.
        var links = string.Join(" · ", alert.Links.Select(l => SlackMrkdwn.Link(l.Url, l.Title)));
        var body = SlackMrkdwn.Truncate(text.ToString(), links.Length == 0 ? MaxSection : MaxSection - links.Length - 1);
        return new SlackBlock("section", new SlackText("mrkdwn", links.Length == 0 ? body : body + "\n" + links),
            BlockId: ChatText.IdOnce(alert.EventId, eventIds, MaxBlockId));
    }
}
