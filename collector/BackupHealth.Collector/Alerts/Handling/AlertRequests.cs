using System.Text.Json;

namespace BackupHealth.Collector.Alerts.Handling;

// Request bodies. Every field is optional in the type so that a missing one is answered with a 400 that names it,
// not a generic binding failure. "by" is ignored: who acted is the signed-in user.

/// <summary>Body of <c>acknowledge</c> and <c>resolve</c>.</summary>
internal sealed record AlertActionRequest(string? By, string? Comment);

internal sealed record SilenceRequest(
    string? Customer,
    string? Site,
    string? Agent,
    string? Job,
    string? Rule,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Comment,
    string? By);

/// <param name="Days"><c>"daily"</c> or a list such as <c>["sat", "sun"]</c>.</param>
internal sealed record MaintenanceWindowRequest(
    string? Customer,
    string? Site,
    JsonElement? Days,
    string? Start,
    string? Duration,
    string? TimeZone,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    string? Comment,
    string? By);
