using BackupHealth.Collector.Notify.Links;
using System.Text;
using System.Text.Json;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Posts to a Slack incoming webhook: a header with the headline, one mrkdwn section per alert, a footer
/// with the notification id. Every text from the collector's data goes through <see cref="SlackMrkdwn.Escape"/>.</summary>
internal sealed class SlackChannel(ChannelOptions options, HttpPoster http, MessageContext context) : INotificationChannel
{
    private const int MaxHeader = 150;
    private const int MaxSection = 3000;

    private readonly Uri _url = new(options.Url.Trim());

    public string Name => options.Name;

    /// <summary>Links, the customer's time zone and the instance id for the message.</summary>
    public MessageContext Context => context;

    public Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Render(delivery), ChatJsonContext.Default.SlackMessage);
        return http.PostJsonAsync(_url, body, options.Headers, cancellationToken);
    }

    public static SlackMessage Render(Delivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var headline = NotificationText.Headline(delivery.Notification);
        var changes = NotificationText.Ordered(delivery.Notification.Changes);
        var blocks = new List<SlackBlock> { new("header", new SlackText("plain_text", ChatText.Truncate(SlackMrkdwn.Escape(headline), MaxHeader))) };
        blocks.AddRange(changes.Take(ChatText.MaxAlerts).Select(c => new SlackBlock("section", new SlackText("mrkdwn", Section(c)))));
        if (changes.Count > ChatText.MaxAlerts)
        {
            blocks.Add(new SlackBlock("section", new SlackText("mrkdwn", FormattableString.Invariant($"…and {changes.Count - ChatText.MaxAlerts} more"))));
        }

        blocks.Add(new SlackBlock("context", Elements: [new SlackText("mrkdwn", SlackMrkdwn.Escape(ChatText.Footer(delivery)))]));
        return new SlackMessage(SlackMrkdwn.Escape(headline), blocks);
    }

    private static string Section(AlertChange c)
    {
        var text = new StringBuilder()
            .Append('*').Append(NotificationText.SeverityLabel(c.Severity)).Append(" · ").Append(NotificationText.ChangeLabel(c.Kind)).Append("* ")
            .Append(SlackMrkdwn.Escape(NotificationText.OneLine(c.Title))).Append('\n')
            .Append("Rule `").Append(SlackMrkdwn.Escape(c.Rule)).Append('`');
        if (c.AgentKey is not null)
        {
            text.Append(" · Agent `").Append(SlackMrkdwn.Escape(c.AgentKey)).Append('`');
        }

        if (c.JobName is not null)
        {
            text.Append(" · Job ").Append(SlackMrkdwn.Escape(NotificationText.OneLine(c.JobName)));
        }

        text.Append(" · fired ").Append(NotificationText.Time(c.FiredAt));
        if (c.ResolvedAt is { } resolved)
        {
            text.Append(" · resolved ").Append(NotificationText.Time(resolved));
        }

        if (!string.IsNullOrWhiteSpace(c.Detail))
        {
            text.Append("\n>").Append(SlackMrkdwn.Escape(NotificationText.OneLine(c.Detail)));
        }

        foreach (var run in c.LastRuns.Take(ChatText.MaxRuns))
        {
            text.Append("\n• ").Append(SlackMrkdwn.Escape(ChatText.Run(run)));
        }

        return ChatText.Truncate(text.ToString(), MaxSection);
    }
}
