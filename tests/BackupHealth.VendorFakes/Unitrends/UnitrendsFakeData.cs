using System.Globalization;

namespace BackupHealth.VendorFakes.Unitrends;

/// <summary>One row of <c>/api/jobs/history</c>. Null properties are left out of the JSON, as an appliance that does
/// not send a field would.</summary>
public sealed record UnitrendsFakeRun
{
    public string? Name { get; init; }
    public string? Status { get; init; }
    public string? ClientName { get; init; }
    public string? AssetName { get; init; }
    public long? BackupId { get; init; }
    public string? JobId { get; init; }
    public string? Mode { get; init; }
    public string? Type { get; init; }
    public string? StartTime { get; init; }
    public long? SortStartTime { get; init; }
    public string? Message { get; init; }

    /// <summary>Sent as given: a number (seconds) or text such as <c>01:02:03</c>.</summary>
    public object? Duration { get; init; }

    /// <summary>Sent as given: a number (MB) or text such as <c>1.5 GB</c>.</summary>
    public object? Size { get; init; }

    /// <summary>A finished run with both the epoch and a display text of its start (UTC).</summary>
    public static UnitrendsFakeRun Finished(string job, string status, DateTimeOffset start, long backupId, string client = "srv01", string? asset = null, string? message = null) => new()
    {
        Name = job,
        Status = status,
        ClientName = client,
        AssetName = asset ?? client,
        BackupId = backupId,
        Mode = "Incremental",
        Type = "Backup",
        StartTime = start.UtcDateTime.ToString("MM/dd/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture),
        SortStartTime = start.ToUnixTimeSeconds(),
        Message = message ?? (status == "Success" ? "" : "Backup " + status.ToLowerInvariant()),
    };

    internal Dictionary<string, object?> ToJson() => Without(new()
    {
        ["name"] = Name,
        ["status"] = Status,
        ["client_name"] = ClientName,
        ["asset_name"] = AssetName,
        ["backup_id"] = BackupId,
        ["job_id"] = JobId,
        ["mode"] = Mode,
        ["type"] = Type,
        ["start_time"] = StartTime,
        ["sort_start_time"] = SortStartTime,
        ["message"] = Message,
        ["duration"] = Duration,
        ["size"] = Size,
    });

    internal static Dictionary<string, object?> Without(Dictionary<string, object?> fields)
    {
        foreach (var key in fields.Where(f => f.Value is null).Select(f => f.Key).ToList())
        {
            fields.Remove(key);
        }

        return fields;
    }
}

/// <summary>One row of <c>/api/jobs/active</c>.</summary>
public sealed record UnitrendsFakeActiveJob
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Status { get; init; } = "Active";
    public int? PercentComplete { get; init; }
    public string? ClientName { get; init; }
    public string? AssetName { get; init; }
    public long? SortStartTime { get; init; }

    internal Dictionary<string, object?> ToJson() => UnitrendsFakeRun.Without(new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["status"] = Status,
        ["percent_complete"] = PercentComplete,
        ["client_name"] = ClientName,
        ["asset_name"] = AssetName,
        ["sort_start_time"] = SortStartTime,
    });
}

/// <summary>One row of <c>/api/joborders</c>.</summary>
public sealed record UnitrendsFakeJobOrder
{
    public long? Id { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; } = "Backup";
    public string? Status { get; init; } = "Active";
    public string? LastStatus { get; init; } = "Success";

    internal Dictionary<string, object?> ToJson() => UnitrendsFakeRun.Without(new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["type"] = Type,
        ["status"] = Status,
        ["last_status"] = LastStatus,
    });
}
