using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Notify.Channels;

/// <summary>A Microsoft Teams incoming-webhook body (Workflows "post to a channel when a webhook request is received",
/// and the older connectors): a message with one Adaptive Card attachment.</summary>
internal sealed record TeamsMessage(string Type, IReadOnlyList<TeamsAttachment> Attachments);

internal sealed record TeamsAttachment(string ContentType, AdaptiveCard Content)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
}

internal sealed record AdaptiveCard(
    [property: JsonPropertyName("$schema")] string Schema,
    string Type,
    string Version,
    IReadOnlyList<AdaptiveElement> Body,
    [property: JsonPropertyName("msteams")] TeamsCardOptions MsTeams);

/// <summary>A TextBlock, Container, FactSet or ActionSet; members a type does not use stay null and are left out.
/// An alert's Container has the change's event id as its <c>id</c>.</summary>
internal sealed record AdaptiveElement
{
    public required string Type { get; init; }

    public string? Id { get; init; }

    public string? Text { get; init; }

    public string? Size { get; init; }

    public string? Weight { get; init; }

    public string? Color { get; init; }

    public bool? Wrap { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Separator { get; init; }

    public IReadOnlyList<AdaptiveElement>? Items { get; init; }

    public IReadOnlyList<AdaptiveFact>? Facts { get; init; }

    public IReadOnlyList<AdaptiveAction>? Actions { get; init; }
}

internal sealed record AdaptiveFact(string Title, string Value);

/// <summary>An <c>Action.OpenUrl</c>: a button that opens a page of the collector.</summary>
internal sealed record AdaptiveAction(string Type, string Title, string Url)
{
    public const string OpenUrl = "Action.OpenUrl";
}

internal sealed record TeamsCardOptions(string Width);
