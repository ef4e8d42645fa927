using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.XenServer;

// XAPI JSON-RPC shapes (xen-api doc/content/xen-api/wire-protocol.md): params are a positional array whose first
// element is the session ref; results come back as "result", failures as "error" — an object {code, message, data}
// in JSON-RPC 2.0, an array [code, params...] in 1.0. Both are read.

internal sealed record XapiRequest(
    [property: JsonPropertyName("jsonrpc")] string JsonRpc,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("params")] IReadOnlyList<string> Params,
    [property: JsonPropertyName("id")] long Id);

internal sealed class XapiResponse<T>
{
    [JsonPropertyName("result")]
    public T? Result { get; set; }

    [JsonPropertyName("error"), JsonConverter(typeof(XapiErrorConverter))]
    public XapiError? Error { get; set; }
}

/// <summary>An XAPI failure: its code (e.g. <c>SESSION_INVALID</c>, <c>VDI_IO_ERROR</c>) and parameters.</summary>
internal sealed record XapiError(string Code, IReadOnlyList<string> Parameters)
{
    /// <summary>Codes whose parameters hold a secret: <c>SESSION_INVALID</c> names the session reference, which is the
    /// session's credential for as long as it lives.</summary>
    private static readonly string[] SecretParameters = ["SESSION_INVALID"];

    /// <summary>The code and parameters as messages and logs show them; a secret parameter is <c>***</c>.</summary>
    public override string ToString() => Parameters.Count == 0 ? Code
        : $"{Code} {string.Join(' ', SecretParameters.Contains(Code) ? Parameters.Select(_ => Shared.Http.RedactedUrl.Mask) : Parameters)}";
}

internal sealed class XapiVmRecord
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("name_label")]
    public string? NameLabel { get; set; }

    [JsonPropertyName("power_state")]
    public string? PowerState { get; set; }

    [JsonPropertyName("is_a_template")]
    public bool IsATemplate { get; set; }

    [JsonPropertyName("is_a_snapshot")]
    public bool IsASnapshot { get; set; }

    [JsonPropertyName("is_control_domain")]
    public bool IsControlDomain { get; set; }

    [JsonPropertyName("snapshots")]
    public List<string>? Snapshots { get; set; }

    [JsonPropertyName("snapshot_of")]
    public string? SnapshotOf { get; set; }

    [JsonPropertyName("snapshot_time")]
    public string? SnapshotTime { get; set; }
}

internal sealed class XapiTaskRecord
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("name_label")]
    public string? NameLabel { get; set; }

    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("progress")]
    public double? Progress { get; set; }

    [JsonPropertyName("created")]
    public string? Created { get; set; }

    [JsonPropertyName("finished")]
    public string? Finished { get; set; }

    [JsonPropertyName("error_info")]
    public List<string>? ErrorInfo { get; set; }

    [JsonPropertyName("result")]
    public string? Result { get; set; }

    [JsonPropertyName("other_config")]
    public Dictionary<string, string>? OtherConfig { get; set; }
}
