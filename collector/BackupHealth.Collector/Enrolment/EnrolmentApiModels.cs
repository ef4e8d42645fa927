using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Collector.Enrolment;

/// <param name="ExpiresIn">How long the token can be used, e.g. <c>"1.00:00:00"</c>; default Collector:Enrolment:TokenLifetime.</param>
/// <param name="MaxUses">How many agents it enrols; default Collector:Enrolment:TokenUses.</param>
internal sealed record EnrolmentTokenRequest(string? Customer, string? Site, string? Name, TimeSpan? ExpiresIn, int? MaxUses);

/// <summary>A token just made; <see cref="Token"/> is in this answer only.</summary>
internal sealed record CreatedEnrolmentTokenDto(long Id, string Token, string Url, string? Pin, DateTime Expires, int MaxUses);

internal sealed record EnrolmentTokenDto(
    long Id, string Customer, string Site, string Name, string CreatedBy, DateTime Created, DateTime Expires, int MaxUses, int Uses,
    DateTime? LastUsed, DateTime? Revoked, string State);

internal sealed record AgentRevokedDto(long Id, string AgentId, string Customer, string Site, int CertificatesRevoked, int StreamsEnded);

/// <summary>Source-generated JSON for the enrolment API (camelCase, web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EnrolmentTokenRequest))]
[JsonSerializable(typeof(CreatedEnrolmentTokenDto))]
[JsonSerializable(typeof(IReadOnlyList<EnrolmentTokenDto>))]
[JsonSerializable(typeof(AgentRevokedDto))]
internal sealed partial class EnrolmentJsonContext : JsonSerializerContext
{
}
