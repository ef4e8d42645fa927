using System.Text.Json;
using BackupHealth.Collector.Notify.Links;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>POSTs <see cref="WebhookPayload"/> with the configured headers and <c>Idempotency-Key:
/// bh-notification-&lt;id&gt;</c>: delivery is at least once (the collector may stop between a send and recording
/// it), so a receiver drops a second request with a key it has seen.</summary>
internal sealed class WebhookChannel(ChannelOptions options, HttpPoster http, MessageContext context) : INotificationChannel
{
    public const string IdempotencyHeader = "Idempotency-Key";

    private readonly HttpTarget _target = HttpTarget.Of(options);

    public string Name => options.Name;

    /// <summary>Links, the customer's time zone and the instance id for the message.</summary>
    public MessageContext Context => context;

    public async Task SendAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var payload = WebhookPayload.From(delivery, context, await context.InstanceId());
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, NotifyJsonContext.Default.WebhookPayload);
        await http.PostJsonAsync(_target, body, [new(IdempotencyHeader, delivery.IdempotencyKey)], cancellationToken);
    }
}
