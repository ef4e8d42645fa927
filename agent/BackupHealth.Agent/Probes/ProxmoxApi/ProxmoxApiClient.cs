using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

/// <summary>GET requests to a Proxmox VE or Backup Server API with an API token in the <c>Authorization</c> header:
/// <c>PVEAPIToken=user@realm!name=secret</c> for VE, <c>PBSAPIToken=user@realm!name:secret</c> for Backup Server.</summary>
internal sealed class ProxmoxApiClient : IDisposable
{
    private readonly ProxmoxTokenOptions _options;
    private readonly Func<string, string> _authorization;
    private readonly HttpClient _http;

    /// <param name="authorization">The header value from the secret.</param>
    public ProxmoxApiClient(ProxmoxTokenOptions options, Func<string, string> authorization)
    {
        _options = options;
        _authorization = authorization;
        _http = ApiHttpClient.Create(options);
    }

    public static ProxmoxApiClient ForVirtualEnvironment(ProxmoxTokenOptions options) =>
        new(options, secret => $"PVEAPIToken={options.TokenId}={secret}");

    public static ProxmoxApiClient ForBackupServer(ProxmoxTokenOptions options) =>
        new(options, secret => $"PBSAPIToken={options.TokenId}:{secret}");

    /// <param name="relativeUri">e.g. <c>api2/json/cluster/resources?type=vm</c>.</param>
    public async Task<ProxmoxData<T>> GetAsync<T>(string relativeUri, JsonTypeInfo<ProxmoxData<T>> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.TryAddWithoutValidation("Authorization", _authorization(_options.ReadSecret()));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await _http.SendAsync(request, cancellationToken);
        var path = relativeUri.Split('?')[0];
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new ProxmoxApiException(
                $"API token {_options.TokenId} was refused (HTTP 401 {response.ReasonPhrase}): check TokenId and Secret/SecretFile, and that the token is enabled and not expired")
            { StatusCode = 401 };
        }

        if (response.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new ProxmoxApiException(
                $"GET {path}: API token {_options.TokenId} lacks the permission (HTTP 403 {response.ReasonPhrase}); see the probe's README for the roles it needs")
            { StatusCode = 403 };
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ProxmoxApiException($"GET {path} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}") { StatusCode = (int)response.StatusCode };
        }

        var body = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken);
        if (body is null || body.Data is null)
        {
            throw new ProxmoxApiException($"GET {path} returned no data");
        }

        return body;
    }

    public void Dispose() => _http.Dispose();
}
