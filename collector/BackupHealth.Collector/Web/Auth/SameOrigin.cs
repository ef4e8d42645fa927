using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Whether a browser sent a request from one of this collector's own pages, from the headers browsers set
/// and pages cannot: <c>Sec-Fetch-Site</c> (every current browser), else <c>Origin</c>, else <c>Referer</c>, compared
/// with the scheme, host and port the request was sent to, or with <c>Collector:PublicUrl</c> (the address people
/// open, which a reverse proxy that rewrites the Host header hides from the collector).</summary>
internal static class SameOrigin
{
    private const int MaxShown = 100;

    /// <summary>Null when the request came from this collector's own pages; otherwise why not, for the refusal.</summary>
    /// <param name="publicUrl">Collector:PublicUrl, when set: its scheme, host and port count as this collector too.</param>
    public static string? Problem(HttpRequest request, Uri? publicUrl = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The browser's own word, right behind a proxy that rewrites the Host header too.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site == "same-origin")
        {
            return null;
        }

        if (site.Length > 0 && site != "none")
        {
            return $"the browser sent this request from another site's page (Sec-Fetch-Site: {Shown(site)})";
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return IsSelf(origin, request, publicUrl) ? null : $"Origin {Shown(origin)} is not this collector ({Self(request, publicUrl)})";
        }

        var referer = request.Headers.Referer.ToString();
        if (referer.Length > 0)
        {
            return IsSelf(referer, request, publicUrl) ? null : $"the request came from a page that is not this collector's ({Self(request, publicUrl)})";
        }

        return "the request says neither where it comes from (Origin, Referer) nor that it is same-origin (Sec-Fetch-Site); "
            + "scripts use an API token (Authorization: Bearer), not the session cookie";
    }

    private static bool IsSelf(string address, HttpRequest request, Uri? publicUrl) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && ((string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
                && string.Equals(uri.Host, request.Host.Host, StringComparison.OrdinalIgnoreCase)
                && uri.Port == (request.Host.Port ?? DefaultPort(request.Scheme)))
            || (publicUrl is not null && Uri.Compare(uri, publicUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0));

    private static int DefaultPort(string scheme) => string.Equals(scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase) ? 443 : 80;

    private static string Self(HttpRequest request, Uri? publicUrl) =>
        publicUrl is null ? $"{request.Scheme}://{request.Host}" : $"{request.Scheme}://{request.Host} or Collector:PublicUrl {publicUrl.GetLeftPart(UriPartial.Authority)}";

    private static string Shown(string value) => value.Length <= MaxShown ? value : value[..MaxShown] + "…";
}
