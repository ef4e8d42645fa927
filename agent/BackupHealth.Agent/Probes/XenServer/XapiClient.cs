using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.Agent.Probes.Shared.Http;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>XAPI over JSON-RPC 2.0 (<c>POST jsonrpc</c>). Logs in with <c>session.login_with_password</c>, keeps the
/// session between runs, logs in again once when a call answers <c>SESSION_INVALID</c>, and logs out on dispose.</summary>
internal sealed class XapiClient : IAsyncDisposable
{
    private const string ApiVersion = "1.0";
    private const string Originator = "BackupHealth";
    private const string SessionInvalid = "SESSION_INVALID";
    private static readonly TimeSpan LogoutTimeout = TimeSpan.FromSeconds(5);

    private readonly XenServerProbeOptions _options;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private string? _session;
    private long _nextId;

    public XapiClient(XenServerProbeOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _http = ApiHttpClient.Create(options);
    }

    /// <summary>Calls a method whose only parameter is the session, e.g. <c>VM.get_all_records</c>.</summary>
    public async Task<T> CallAsync<T>(string method, JsonTypeInfo<XapiResponse<T>> typeInfo, CancellationToken cancellationToken)
    {
        _session ??= await LoginAsync(cancellationToken);
        try
        {
            return await InvokeAsync(method, [_session], typeInfo, cancellationToken);
        }
        catch (XapiException ex) when (ex.Error?.Code == SessionInvalid)
        {
            Log.XapiSessionInvalid(_logger, _options.Name);
            _session = null;
            _session = await LoginAsync(cancellationToken);
            return await InvokeAsync(method, [_session], typeInfo, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            using var timeout = new CancellationTokenSource(LogoutTimeout);
            try
            {
                await InvokeAsync("session.logout", [session], XapiJsonContext.Default.XapiResponseString, timeout.Token);
            }
#pragma warning disable CA1031 // Logging out is a courtesy: whatever goes wrong, the host expires the session itself.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.XapiLogoutFailed(_logger, _options.Name, ex);
            }
        }

        _http.Dispose();
    }

    private async Task<string> LoginAsync(CancellationToken cancellationToken)
    {
        var password = PasswordSetting.Read(_options.Password, _options.PasswordFile);
        try
        {
            var session = await InvokeAsync("session.login_with_password", [_options.Username, password, ApiVersion, Originator],
                XapiJsonContext.Default.XapiResponseString, cancellationToken);
            Log.XapiLoggedIn(_logger, _options.Name, _options.ShownUrl, _options.Username);
            return session;
        }
        catch (XapiException ex) when (ex.Error is { Code: "HOST_IS_SLAVE" } error)
        {
            var master = error.Parameters.Count > 0 ? error.Parameters[0] : "?";
            throw new XapiException($"{_options.ShownUrl} is a pool member, not the pool master: set Url to the master ({master})", ex);
        }
        catch (XapiException ex) when (ex.Error is { Code: "SESSION_AUTHENTICATION_FAILED" })
        {
            // The error's parameters repeat the user name and the host's reason; never the password.
            throw new XapiException($"login as {_options.Username} refused (SESSION_AUTHENTICATION_FAILED): check Username and Password", ex);
        }
    }

    private async Task<T> InvokeAsync<T>(string method, IReadOnlyList<string> parameters, JsonTypeInfo<XapiResponse<T>> typeInfo, CancellationToken cancellationToken)
    {
        var request = new XapiRequest("2.0", method, parameters, Interlocked.Increment(ref _nextId));
        using var body = JsonBody.Create(request, XapiJsonContext.Default.XapiRequest);
        using var response = await _http.PostAsync("jsonrpc", body, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new XapiException($"{method}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var answer = await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
            ?? throw new XapiException($"{method}: empty answer");
        if (answer.Error is { } error)
        {
            throw new XapiException(method, error);
        }

        return answer.Result ?? throw new XapiException($"{method}: answer has neither result nor error");
    }
}
