using BackupHealth.Collector.Notify.Links;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>The configured channels by name (case-insensitive).</summary>
internal sealed class NotificationChannels
{
    private readonly Dictionary<string, INotificationChannel> _channels;

    public NotificationChannels(IOptions<NotifyOptions> options, HttpPoster http, MessageContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        var notify = options.Value;
        _channels = new Dictionary<string, INotificationChannel>(StringComparer.OrdinalIgnoreCase);
        foreach (var channel in notify.Channels)
        {
            INotificationChannel created = channel.Type.Trim().ToLowerInvariant() switch
            {
                ChannelTypes.Email => new EmailChannel(channel, notify.SendTimeout, context),
                ChannelTypes.Slack => new SlackChannel(channel, http, context),
                ChannelTypes.Teams => new TeamsChannel(channel, http, context),
                _ => new WebhookChannel(channel, http, context),
            };
            _channels.Add(channel.Name, created);
        }
    }

    public INotificationChannel Get(string name) =>
        _channels.TryGetValue(name, out var channel) ? channel : throw new UnknownChannelException(name);
}
