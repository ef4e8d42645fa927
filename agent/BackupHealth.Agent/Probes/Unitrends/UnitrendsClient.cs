using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.Agent.Probes.Shared.Http;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Unitrends;

/// <summary>The appliance's REST API: <c>POST api/login</c> for an <c>auth_token</c> sent as the <c>AuthToken</c>
/// header; the token is kept between runs and, when the appliance answers 401 (expired), renewed once per request.</summary>
internal sealed class UnitrendsClient : IDisposable
{
    private const string TokenHeader = "AuthToken";
    private readonly UnitrendsProbeOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private string? _token;

    public UnitrendsClient(UnitrendsProbeOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _http = ApiHttpClient.Create(options);
    }

    /// <param name="relativeUri">e.g. <c>api/joborders</c>, relative to the appliance URL.</param>
    public async Task<T> GetAsync<T>(string relativeUri, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        if (_token is null)
        {
            await LoginAsync(cancellationToken);
        }

        var response = await SendGetAsync(relativeUri, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            Log.UnitrendsTokenRefused(_logger, _options.Name);
            await LoginAsync(cancellationToken);
            response = await SendGetAsync(relativeUri, cancellationToken);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                _token = null;
                throw new UnitrendsApiException($"GET {relativeUri}: the appliance refused a fresh token (HTTP 401); does user {_options.Username} have the rights?");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new UnitrendsApiException($"GET {relativeUri} returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
                ?? throw new UnitrendsApiException($"GET {relativeUri} returned an empty body");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendGetAsync(string relativeUri, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, relativeUri);
        request.Headers.TryAddWithoutValidation(TokenHeader, _token);
        request.Headers.Accept.ParseAdd("application/json");
        return await _http.SendAsync(request, cancellationToken);
    }

    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        _token = null;
        var login = new UnitrendsLoginRequest(_options.Username, PasswordSetting.Read(_options.Password, _options.PasswordFile));
        using var body = JsonBody.Create(login, UnitrendsJsonContext.Default.UnitrendsLoginRequest);
        using var response = await _http.PostAsync("api/login", body, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new UnitrendsApiException($"login as {_options.Username} refused (HTTP {(int)response.StatusCode}): check Username and Password");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new UnitrendsApiException($"login returned HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var answer = await response.Content.ReadFromJsonAsync(UnitrendsJsonContext.Default.UnitrendsLoginResponse, cancellationToken);
        if (string.IsNullOrEmpty(answer?.AuthToken))
        {
            throw new UnitrendsApiException("login answered without an auth_token");
        }

        _token = answer.AuthToken;
        Log.UnitrendsLoggedIn(_logger, _options.Name, _options.ShownUrl, _options.Username);
    }
}
