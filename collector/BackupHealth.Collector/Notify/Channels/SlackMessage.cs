using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>A Slack incoming-webhook body: <c>text</c> is the fallback shown in notifications, <c>blocks</c> the
/// message (Block Kit).</summary>
internal sealed record SlackMessage(string Text, IReadOnlyList<SlackBlock> Blocks);

/// <summary>A header, section or context block; unused members are left out of the JSON. An alert's section has the
/// change's event id as its <c>block_id</c>: invisible to people, the same id the webhook and Teams carry.</summary>
internal sealed record SlackBlock(
    string Type,
    SlackText? Text = null,
    IReadOnlyList<SlackText>? Elements = null,
    [property: JsonPropertyName("block_id")] string? BlockId = null);

/// <summary>A text object: <c>plain_text</c> or <c>mrkdwn</c>.</summary>
internal sealed record SlackText(string Type, string Text);
