using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.Agent.Probes.Shared.Http;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Veeam;

/// <summary>Talks to the VBR REST API: OAuth2 password login, refresh before expiry (a password login again when
/// the refresh is refused), <c>x-api-version</c> on every request, and one re-login when a call answers 401.
/// Without an ApiVersion setting the revision is negotiated at login: the newest the probe knows first, stepping down
/// while the server refuses it, and the one that worked is kept for the client's life.</summary>
internal sealed class VeeamApiClient : IDisposable
{
    public const string ApiVersionHeader = "x-api-version";
    public const string TokenPath = "api/oauth2/token";

    /// <summary>Refresh this long before the token ends (less for very short lifetimes), so a call never carries
    /// a token that expires on its way.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(30);

    private readonly VeeamProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private string _revision;
    private string? _accessToken;
    private string? _refreshToken;
    private DateTimeOffset _refreshAt;

    public VeeamApiClient(VeeamProbeOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _http = ApiHttpClient.Create(options);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _revision = FirstRevision;
    }

    /// <summary>The revision the server accepted at the last login; null until one succeeded.</summary>
    public string? Revision { get; private set; }

    /// <summary>True when the ApiVersion setting fixes the revision, so nothing is negotiated.</summary>
    public bool RevisionIsSet => !string.IsNullOrEmpty(_options.ApiVersion);

    private string FirstRevision => RevisionIsSet ? _options.ApiVersion! : VeeamApiRevisions.Known[0];

    /// <returns>The answer, or null when the server says 404 and <paramref name="allowNotFound"/> is set.</returns>
    /// <exception cref="VeeamApiException">Login refused, or an error status (also a 401 right after a fresh login).</exception>
    public async Task<T?> GetAsync<T>(string pathAndQuery, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken, bool allowNotFound = false)
        where T : class
    {
        await EnsureTokenAsync(cancellationToken);
        var response = await SendGetAsync(pathAndQuery, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            Log.VeeamReloginAfter401(_logger, _options.Name, pathAndQuery);
            await LoginAsync(cancellationToken);
            response = await SendGetAsync(pathAndQuery, cancellationToken);
        }

        using (response)
        {
            if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await ThrowIfFailedAsync(response, $"GET /{PathOnly(pathAndQuery)}", cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return await JsonSerializer.DeserializeAsync(body, typeInfo, cancellationToken)
                ?? throw new VeeamApiException($"GET /{PathOnly(pathAndQuery)} answered an empty body");
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendGetAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add(ApiVersionHeader, _revision);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _accessToken);
        return await _http.SendAsync(request, cancellationToken);
    }

    private async Task EnsureTokenAsync(CancellationToken cancellationToken)
    {
        if (_accessToken is not null && _time.GetUtcNow() < _refreshAt)
        {
            return;
        }

        if (_refreshToken is not null)
        {
            var refreshed = await TryRefreshAsync(cancellationToken);
            if (refreshed)
            {
                return;
            }
        }

        await LoginAsync(cancellationToken);
    }

    private async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
    {
        using var response = await PostTokenAsync(
            [new("grant_type", "refresh_token"), new("refresh_token", _refreshToken!)], cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Log.VeeamRefreshFailed(_logger, _options.Name, (await ReadFailureAsync(response, cancellationToken)).Description);
            _refreshToken = null;
            return false;
        }

        var lifetime = await AcceptTokenAsync(response, cancellationToken);
        Log.VeeamTokenRefreshed(_logger, _options.Name, lifetime);
        return true;
    }

    /// <summary>A password login, stepping down the known revisions while the server refuses the one sent. A refused
    /// revision never reaches the credential check, so stepping down costs no failed login.</summary>
    private async Task LoginAsync(CancellationToken cancellationToken)
    {
        _accessToken = null;
        _refreshToken = null;
        var password = PasswordSetting.Read(_options.Password, _options.PasswordFile);
        while (true)
        {
            using var response = await PostTokenAsync(
                [new("grant_type", "password"), new("username", _options.Username), new("password", password)], cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                var lifetime = await AcceptTokenAsync(response, cancellationToken);
                if (Revision != _revision)
                {
                    Revision = _revision;
                    Log.VeeamApiRevisionInUse(_logger, _options.Name, _revision, RevisionIsSet ? "the ApiVersion setting" : "negotiated");
                }

                Log.VeeamLoggedIn(_logger, _options.Name, RedactedUrl.Of(_options.BaseUri.ToString()), _options.Username, lifetime);
                return;
            }

            var failure = await ReadFailureAsync(response, cancellationToken);
            if (!VeeamApiRevisions.IsRefusal(response.StatusCode, failure.Message))
            {
                throw new VeeamApiException($"login as {_options.Username} refused: {failure.Description}");
            }

            if (RevisionIsSet || VeeamApiRevisions.Next(_revision, failure.Message!) is not { } next)
            {
                throw new VeeamApiException(RevisionIsSet
                    ? $"the server refuses x-api-version {_revision} from the ApiVersion setting ({failure.Description}); remove ApiVersion to let the probe choose, or set one the server lists"
                    : $"the server accepts none of the REST API revisions this probe knows, {VeeamApiRevisions.Known[^1]} to {VeeamApiRevisions.Known[0]} ({failure.Description}); set ApiVersion to one it lists");
            }

            Log.VeeamApiRevisionRefused(_logger, _options.Name, _revision, next);
            _revision = next;
        }
    }

    private async Task<HttpResponseMessage> PostTokenAsync(KeyValuePair<string, string>[] form, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(ApiVersionHeader, _revision);
        return await _http.SendAsync(request, cancellationToken);
    }

    private async Task<TimeSpan> AcceptTokenAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var token = await JsonSerializer.DeserializeAsync(body, VeeamJsonContext.Default.VeeamToken, cancellationToken);
        if (token is null || string.IsNullOrEmpty(token.AccessToken))
        {
            throw new VeeamApiException($"POST /{TokenPath} answered without an access_token");
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(token.ExpiresIn, 0));
        var margin = TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, lifetime.Ticks / 4));
        _accessToken = token.AccessToken;
        _refreshToken = string.IsNullOrEmpty(token.RefreshToken) ? null : token.RefreshToken;
        _refreshAt = _time.GetUtcNow() + lifetime - margin;
        return lifetime;
    }

    /// <summary>An error status. A refused revision is marked <see cref="VeeamApiException.RevisionRefused"/>; when the
    /// server no longer lists the revision in use at all (it was changed), the next call negotiates afresh.</summary>
    private async Task ThrowIfFailedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var failure = await ReadFailureAsync(response, cancellationToken);
        if (!VeeamApiRevisions.IsRefusal(response.StatusCode, failure.Message))
        {
            throw new VeeamApiException($"{what} answered {failure.Description}");
        }

        var sent = _revision;
        if (!RevisionIsSet && !VeeamApiRevisions.Listed(failure.Message!).Contains(sent))
        {
            (_revision, _accessToken, _refreshToken) = (FirstRevision, null, null);
        }

        throw new VeeamApiException($"{what} answered {failure.Description} (sent {ApiVersionHeader} {sent})") { RevisionRefused = true };
    }

    /// <summary>Status and Veeam's own error text, e.g. <c>HTTP 401 Unauthorized: Invalid credentials</c>.</summary>
    private static async Task<VeeamFailure> ReadFailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var error = text.Length == 0 ? null : JsonSerializer.Deserialize(text, VeeamJsonContext.Default.VeeamError);
            return string.IsNullOrWhiteSpace(error?.Message) ? new(status, null) : new($"{status}: {error.Message}", error.Message);
        }
        catch (JsonException)
        {
            return new(status, null);
        }
    }

    private static string PathOnly(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }

    private sealed record VeeamFailure(string Description, string? Message);
}
