using System.Text.Json.Serialization;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Enrolment;

/// <summary>The JSON inside an enrolment token: <c>{"url":…,"pin":…,"secret":…}</c>.</summary>
internal sealed class EnrolmentTokenPayload
{
    [JsonPropertyName(EnrolmentTokenFormat.UrlMember)]
    public string? Url { get; set; }

    [JsonPropertyName(EnrolmentTokenFormat.PinMember)]
    public string? Pin { get; set; }

    [JsonPropertyName(EnrolmentTokenFormat.SecretMember)]
    public string? Secret { get; set; }
}

/// <summary>Source-generated (NativeAOT): no reflection reads the token.</summary>
[JsonSerializable(typeof(EnrolmentTokenPayload))]
internal sealed partial class EnrolmentJsonContext : JsonSerializerContext;
