using BackupHealth.Collector.Notify.Links;
using MailKit.Net.Smtp;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>Sends over SMTP with MailKit: one session per notification (connect with the configured security,
/// authenticate when a user name is set, send, quit). Notifications are rare enough that a kept-open connection
/// would mostly be a connection the server already dropped.</summary>
internal sealed class EmailChannel(ChannelOptions options, TimeSpan timeout, MessageContext context) : INotificationChannel
{
    private readonly SmtpOptions _smtp = options.Smtp ?? throw new ArgumentException("An email channel needs Smtp settings.", nameof(options));

    public string Name => options.Name;

    /// <summary>Links, the customer's time zone and the instance id for the message.</summary>
    public MessageContext Context => context;

    public async Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var message = EmailComposer.Compose(delivery, options, context);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        await client.ConnectAsync(_smtp.Host.Trim(), _smtp.EffectivePort, SmtpSecurity.ToMailKit(_smtp.Security), cancellationToken);
        if (!string.IsNullOrEmpty(_smtp.UserName))
        {
            await client.AuthenticateAsync(_smtp.UserName, _smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
