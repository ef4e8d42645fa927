using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Unitrends;

// Shapes of the appliance API as documented (SOURCES: /api/login, /api/jobs/history, /api/jobs/active,
// /api/joborders). Ids and percentages are read as text whatever JSON type the appliance uses, so a PHP-side change
// from number to string does not break the probe.

internal sealed record UnitrendsLoginRequest(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("password")] string Password);

internal sealed class UnitrendsLoginResponse
{
    [JsonPropertyName("auth_token")]
    public string? AuthToken { get; set; }
}

/// <summary>Every list endpoint answers <c>{"data": [...]}</c>; <c>total</c> is read when an appliance sends it.</summary>
internal sealed class UnitrendsList<T>
{
    [JsonPropertyName("data")]
    public List<T>? Data { get; set; }

    [JsonPropertyName("total")]
    public long? Total { get; set; }
}

internal sealed class UnitrendsHistoryEntry
{
    [JsonPropertyName("id"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? Id { get; set; }

    [JsonPropertyName("job_id"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? JobId { get; set; }

    [JsonPropertyName("backup_id"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? BackupId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    [JsonPropertyName("client_name")]
    public string? ClientName { get; set; }

    [JsonPropertyName("asset_name")]
    public string? AssetName { get; set; }

    [JsonPropertyName("start_time")]
    public string? StartTime { get; set; }

    [JsonPropertyName("sort_start_time")]
    public double? SortStartTime { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    /// <summary>Seconds or <c>hh:mm:ss</c> text; see <see cref="UnitrendsRunFigures"/>.</summary>
    [JsonPropertyName("duration"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? Duration { get; set; }

    /// <summary>Megabytes, or text with its unit; see <see cref="UnitrendsRunFigures"/>.</summary>
    [JsonPropertyName("size"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? Size { get; set; }
}

internal sealed class UnitrendsActiveJob
{
    [JsonPropertyName("id"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? Id { get; set; }

    [JsonPropertyName("job_id"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? JobId { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("percent_complete"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? PercentComplete { get; set; }

    [JsonPropertyName("client_name")]
    public string? ClientName { get; set; }

    [JsonPropertyName("asset_name")]
    public string? AssetName { get; set; }

    [JsonPropertyName("start_time")]
    public string? StartTime { get; set; }

    [JsonPropertyName("sort_start_time")]
    public double? SortStartTime { get; set; }
}

internal sealed class UnitrendsJobOrder
{
    [JsonPropertyName("id"), JsonConverter(typeof(UnitrendsTextConverter))]
    public string? Id { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("last_status")]
    public string? LastStatus { get; set; }

    /// <summary>Not documented; honoured when an appliance sends it.</summary>
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }
}
