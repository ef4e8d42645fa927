using System.Net;

namespace BackupHealth.Collector.Hosting;

/// <summary>A listen address from configuration, e.g. <c>https://127.0.0.1:5180</c>. Only https (TLS) or http with an
/// IP literal or <c>localhost</c> is accepted, so that what is bound is exactly what was written (port 0 included).
/// Whether plain http is allowed is the options rules' decision (<c>Collector:AllowInsecureHttp</c>).</summary>
internal sealed record ListenUrl(IPAddress Address, int Port, bool Tls)
{
    public static ListenUrl Parse(string value) =>
        TryParse(value, out var url, out var error) ? url : throw new FormatException(error);

    public static bool TryParse(string? value, out ListenUrl url, out string error)
    {
        url = null!;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            error = $"'{value}' is not an absolute URL such as https://127.0.0.1:5180";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"'{value}': must be https:// (or http:// with Collector:AllowInsecureHttp)";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            error = $"'{value}': give only scheme, host and port";
            return false;
        }

        IPAddress? address = uri.IsLoopback && uri.HostNameType == UriHostNameType.Dns
            ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host, out var parsed) ? parsed : null;
        if (address is null)
        {
            error = $"'{value}': the host must be an IP address (0.0.0.0 for all) or localhost";
            return false;
        }

        url = new ListenUrl(address, uri.Port, uri.Scheme == Uri.UriSchemeHttps);
        error = "";
        return true;
    }
}
