using System.Net;
using System.Text.RegularExpressions;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>A person at the web surface without a browser: a cookie jar, no automatic redirects, and forms posted
/// with the anti-forgery token the page gave.</summary>
internal sealed partial class FormSession : IDisposable
{
    private readonly SocketsHttpHandler _handler;

    /// <param name="source">The address to connect from (see <see cref="Support.LoopbackSource"/>); 127.0.0.1 when null.</param>
    public FormSession(Uri web, IPAddress? source = null)
    {
        _handler = BackupHealth.Testing.TestTls.Trust(source is null ? new SocketsHttpHandler() : Support.LoopbackSource.Handler(source));
        _handler.AllowAutoRedirect = false;
        _handler.CookieContainer = new CookieContainer();
        Client = new HttpClient(_handler) { BaseAddress = web };
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies => _handler.CookieContainer;

    /// <summary>Posts the sign-in form; returns the response (302 on success, 200 with the page on failure).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string username, string password, string path = "/signin")
    {
        var token = await TokenAsync(path);
        return await PostFormAsync(path, token, ("Username", username), ("Password", password));
    }

    public async Task<string> TokenAsync(string path)
    {
        var page = await Client.GetStringAsync(new Uri(path, UriKind.Relative));
        return AntiforgeryField().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException($"{path} has no anti-forgery token");
    }

    public async Task<HttpResponseMessage> PostFormAsync(string path, string? token, params (string Name, string Value)[] fields)
    {
        var all = fields.ToList();
        if (token is not null)
        {
            all.Add(("__RequestVerificationToken", token));
        }

        using var content = new FormUrlEncodedContent(all.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await Client.PostAsync(new Uri(path, UriKind.Relative), content);
    }

    public void Dispose()
    {
        Client.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
