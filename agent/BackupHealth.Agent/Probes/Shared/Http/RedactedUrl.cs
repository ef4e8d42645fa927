using System.Text;

namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>A vendor API's URL as logs and probe messages show it: credentials in it (<c>user:password@</c>) and the
/// values of its query (<c>?apikey=…</c>) are replaced by <c>***</c>, which leaves the server, port and path to find
/// the fault by. A URL with neither is shown as it was written.</summary>
internal static class RedactedUrl
{
    public const string Mask = "***";

    public static string Of(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            // Not a URL the probe could have used (validation refuses it); nothing in it is shown.
            return Mask;
        }

        if (uri.UserInfo.Length == 0 && uri.Query.Length == 0 && uri.Fragment.Length == 0)
        {
            return url;
        }

        var text = new StringBuilder(uri.Scheme).Append("://");
        if (uri.UserInfo.Length > 0)
        {
            text.Append(Mask).Append('@');
        }

        text.Append(uri.Authority).Append(uri.AbsolutePath);
        if (uri.Query.Length > 1)
        {
            var pairs = uri.Query[1..].Split('&').Select(pair => pair.Split('=', 2)[0] + "=" + Mask);
            text.Append('?').Append(string.Join('&', pairs));
        }

        return text.ToString();
    }
}
