using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Answer of <c>POST /api/oauth2/token</c>.</summary>
internal sealed class VeeamToken
{
    [JsonPropertyName("access_token")]
    public string AccessToken { get; set; } = "";

    [JsonPropertyName("refresh_token")]
    public string? RefreshToken { get; set; }

    /// <summary>Seconds the access token lives: 15 minutes in older builds, 60 in 12.3; honoured as given.</summary>
    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}
