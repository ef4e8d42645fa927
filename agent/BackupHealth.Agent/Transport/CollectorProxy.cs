using System.Net;
using BackupHealth.Agent.Hosting;

namespace BackupHealth.Agent.Transport;

/// <summary>How the agent reaches its collector through an HTTP proxy: <c>Agent:Proxy</c> (with optional credentials
/// from <c>Agent:ProxyCredentialsFile</c>, <c>user:password</c> on one line), else the standard <c>HTTPS_PROXY</c> /
/// <c>NO_PROXY</c> environment variables (and on Windows the system's proxy settings, which a service often does not
/// have: hence the explicit setting). gRPC goes through the proxy as an HTTP CONNECT tunnel; TLS stays end to end.</summary>
internal static class CollectorProxy
{
    /// <summary>The configured proxy, or null for the environment's (<see cref="HttpClient.DefaultProxy"/>).</summary>
    public static IWebProxy? From(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Proxy))
        {
            return null;
        }

        var proxy = new WebProxy(new Uri(options.Proxy)) { BypassProxyOnLocal = false };
        if (!string.IsNullOrWhiteSpace(options.ProxyCredentialsFile))
        {
            var (user, password) = ReadCredentials(options.ProxyCredentialsFile);
            proxy.Credentials = new NetworkCredential(user, password);
        }

        return proxy;
    }

    /// <summary>Why the proxy settings cannot be used, naming the setting; null when they can.</summary>
    public static string? Problem(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Proxy)
            && (!Uri.TryCreate(options.Proxy, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.UserInfo.Length > 0))
        {
            return "Agent:Proxy: must be http://HOST:PORT (credentials go in Agent:ProxyCredentialsFile, not in the URL)";
        }

        if (string.IsNullOrWhiteSpace(options.ProxyCredentialsFile))
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.Proxy))
        {
            return "Agent:ProxyCredentialsFile: needs Agent:Proxy";
        }

        try
        {
            ReadCredentials(options.ProxyCredentialsFile);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return $"Agent:ProxyCredentialsFile: {ex.Message}";
        }
    }

    private static (string User, string Password) ReadCredentials(string path)
    {
        var line = File.ReadLines(path).FirstOrDefault()?.Trim() ?? "";
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (line[..colon], line[(colon + 1)..]) : throw new FormatException($"{path} must hold user:password on its first line");
    }
}
