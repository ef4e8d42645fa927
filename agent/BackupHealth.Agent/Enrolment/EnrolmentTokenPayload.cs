using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Enrolment;

/// <summary>The JSON inside an enrolment token: <c>{"url":…,"pin":…,"secret":…}</c>.</summary>
internal sealed class EnrolmentTokenPayload
{
    [JsonPropertyName("url")]
    public string? Url { get; set; }

    [JsonPropertyName("pin")]
    public string? Pin { get; set; }

    [JsonPropertyName("secret")]
    public string? Secret { get; set; }
}

/// <summary>Source-generated (NativeAOT): no reflection reads the token.</summary>
[JsonSerializable(typeof(EnrolmentTokenPayload))]
internal sealed partial class EnrolmentJsonContext : JsonSerializerContext;
