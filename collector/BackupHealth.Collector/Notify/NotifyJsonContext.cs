using System.Text.Json;
using System.Text.Json.Serialization;
using BackupHealth.Collector.Notify.Channels;

namespace BackupHealth.Collector.Notify;

/// <summary>Source-generated JSON for what the notifier stores (the routed SiteNotification, enums by name so a
/// stored row stays readable across versions) and the generic webhook body (camelCase, nulls written so every
/// documented field is always present).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SiteNotification))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class NotifyJsonContext : JsonSerializerContext
{
}

/// <summary>Slack and Teams bodies: members a block or card element does not use are left out. Blocks and card
/// elements on their own too, to measure each alert against the body's budget.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SlackMessage))]
[JsonSerializable(typeof(SlackBlock))]
[JsonSerializable(typeof(TeamsMessage))]
[JsonSerializable(typeof(AdaptiveElement))]
internal sealed partial class ChatJsonContext : JsonSerializerContext
{
}

/// <summary>The notifications API, added to the web host's resolver chain. Kept apart from
/// <see cref="NotifyJsonContext"/> so the string-enum setting for stored payloads cannot leak into other rooms'
/// API types through the shared chain.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(IReadOnlyList<NotificationDto>))]
internal sealed partial class NotificationApiJsonContext : JsonSerializerContext
{
}
