using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

/// <summary>One entry of <c>GET /nodes/{node}/tasks</c>; <c>endtime</c> and <c>status</c> are absent (or
/// <c>RUNNING</c>) while the task runs.</summary>
internal sealed class PveTask
{
    [JsonPropertyName("upid")]
    public string? Upid { get; set; }

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("starttime")]
    public long? StartTime { get; set; }

    [JsonPropertyName("endtime")]
    public long? EndTime { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

/// <summary>One line of <c>GET /nodes/{node}/tasks/{upid}/log</c>.</summary>
internal sealed class PveLogLine
{
    [JsonPropertyName("n")]
    public int N { get; set; }

    [JsonPropertyName("t")]
    public string? T { get; set; }
}

/// <summary>One entry of <c>GET /cluster/resources?type=vm</c>.</summary>
internal sealed class PveResource
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary><c>qemu</c> or <c>lxc</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("vmid")]
    public long? Vmid { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary><c>running</c>, <c>stopped</c>, ...</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    /// <summary>The pool the guest is in, if any.</summary>
    [JsonPropertyName("pool")]
    public string? Pool { get; set; }

    /// <summary>PVE sends 0/1; read leniently (number, boolean or text).</summary>
    [JsonPropertyName("template")]
    [JsonConverter(typeof(ProxmoxFlagConverter))]
    public bool Template { get; set; }
}

/// <summary>One entry of <c>GET /nodes</c>.</summary>
internal sealed class PveNode
{
    [JsonPropertyName("node")]
    public string? Node { get; set; }

    /// <summary><c>online</c>, <c>offline</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; set; }
}

/// <summary><c>GET /nodes/{node}/time</c>: the node's zone, and its local and UTC clocks in epoch seconds.</summary>
internal sealed class PveNodeTime
{
    [JsonPropertyName("timezone")]
    public string? TimeZone { get; set; }

    [JsonPropertyName("localtime")]
    public long? LocalTime { get; set; }

    [JsonPropertyName("time")]
    public long? Time { get; set; }
}

/// <summary>One entry of <c>GET /cluster/backup</c> (pve-manager <c>PVE/API2/Backup.pm</c>): the jobs of
/// <c>jobs.cfg</c>, and those of an old <c>vzdump.cron</c> with <c>starttime</c>/<c>dow</c> already turned into a
/// <c>schedule</c>. <c>next-run</c> is computed by PVE from the schedule, enabled or not.</summary>
internal sealed class PveBackupJob
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("schedule")]
    public string? Schedule { get; set; }

    /// <summary>Absent means enabled (the schema's default is 1).</summary>
    [JsonPropertyName("enabled")]
    [JsonConverter(typeof(ProxmoxFlagConverter))]
    public bool Enabled { get; set; } = true;

    [JsonPropertyName("vmid")]
    public string? Vmid { get; set; }

    [JsonPropertyName("all")]
    [JsonConverter(typeof(ProxmoxFlagConverter))]
    public bool All { get; set; }

    [JsonPropertyName("exclude")]
    public string? Exclude { get; set; }

    [JsonPropertyName("pool")]
    public string? Pool { get; set; }

    [JsonPropertyName("node")]
    public string? Node { get; set; }

    [JsonPropertyName("next-run")]
    public long? NextRun { get; set; }
}
