using System.Net;
using System.Text;
using System.Text.Json;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>A page on another site making a signed-in browser change things through the JSON API: the session cookie
/// alone no longer does it; the collector's own pages and scripts with an API token are not affected.</summary>
public sealed class CrossOriginApiTests : IAsyncLifetime
{
    private const string Evil = "https://evil.example";

    private TestCollector _collector = null!;
    private FormSession _browser = null!;
    private long _alert;
    private long _silence;
    private long _window;

    public static TheoryData<string, string, string?> Changes => new()
    {
        { "POST", "/api/v1/alerts/{alert}/acknowledge", """{"comment": "seen"}""" },
        { "POST", "/api/v1/alerts/{alert}/resolve", """{"comment": "fixed"}""" },
        { "POST", "/api/v1/silences/{silence}/expire", null },
        { "POST", "/api/v1/alerts/evaluate", null },
        { "DELETE", "/api/v1/maintenance-windows/{window}", null },
    };

    public static TheoryData<bool, string, string, string?> AllowedChanges
    {
        get
        {
            var allowed = new TheoryData<bool, string, string, string?>();
            foreach (var apiToken in new[] { false, true })
            {
                foreach (var change in Changes)
                {
                    allowed.Add(apiToken, (string)change[0], (string)change[1], (string?)change[2]);
                }
            }

            return allowed;
        }
    }

    public async Task InitializeAsync()
    {
        // Evaluations only when a request asks for one.
        _collector = await TestCollector.StartAsync(s =>
        {
            s["Collector:Alerts:EvaluationInterval"] = "01:00:00";
            // The address people open through a reverse proxy: its origin counts as this collector's too.
            s["Collector:PublicUrl"] = PublicUrl + "/backups/";
        });
        _browser = new FormSession(_collector.Endpoints.Web);
        using (var signedIn = await _browser.SignInAsync(WebUsers.AdminName, WebUsers.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        await using (var agent = await _collector.ConnectAsync("hv01"))
        {
            await agent.SendBatchAsync(Observations.Batch(1, Observations.Valid("run-1", "sql01", RunStatus.Failed)));
            await agent.WaitForAckAsync(1);
        }

        await AlertsApi.EvaluateAsync(_collector.Http);
        _alert = (long)(await _collector.ScalarAsync("SELECT id FROM alerts"))!;
        _silence = await CreateAsync("/api/v1/silences", """{"customer": "Contoso Ltd", "endsAt": "2025-06-02T12:00:00Z", "comment": "c"}""");
        _window = await CreateAsync("/api/v1/maintenance-windows",
            """{"customer": "Contoso Ltd", "site": "Head office", "startsAt": "2025-06-03T00:00:00Z", "endsAt": "2025-06-03T02:00:00Z"}""");
        // Whatever a change would do now moves a time: an evaluation the alert's last sighting, an expiry the silence's end.
        _collector.Time.Advance(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _collector.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Session_cookie_with_a_foreign_origin_is_refused_and_changes_nothing(string method, string path, string? body)
    {
        var before = await StateAsync();

        using var response = await SendAsync(_browser.Client, method, path, body, ("Origin", Evil));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"Origin {Evil} is not this collector ({Origin} or Collector:PublicUrl {PublicUrl})", problem.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await StateAsync());
    }

    [Theory]
    [MemberData(nameof(AllowedChanges))]
    public async Task Session_cookie_from_the_collectors_own_pages_or_an_api_token_from_anywhere_changes_it(
        bool apiToken, string method, string path, string? body)
    {
        var before = await StateAsync();

        using var response = apiToken
            ? await SendAsync(_collector.Http, method, path, body, ("Origin", Evil))
            : await SendAsync(_browser.Client, method, path, body, ("Origin", Origin));

        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.NotEqual(before, await StateAsync());
    }

    [Fact]
    public async Task Session_cookie_needs_a_header_that_says_the_request_is_same_origin()
    {
        const string Evaluate = "/api/v1/alerts/evaluate";
        var page = new Uri(_collector.Endpoints.Web, "/alerts").ToString();

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Referer", Evil + "/page")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Origin", "null")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Sec-Fetch-Site", "same-site"), ("Origin", Origin)));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Sec-Fetch-Site", "cross-site")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Evaluate, ("Referer", page)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Evaluate, ("Sec-Fetch-Site", "same-origin")));
        // Behind a proxy that rewrites Host the browser's Sec-Fetch-Site still decides.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Evaluate, ("Sec-Fetch-Site", "same-origin"), ("Origin", "https://backuphealth.msp.example")));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/api/v1/alerts", "GET", ("Origin", Evil)));
    }

    [Fact]
    public async Task Behind_a_proxy_an_old_browser_without_sec_fetch_site_is_trusted_from_the_public_url_only()
    {
        const string Evaluate = "/api/v1/alerts/evaluate";

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Evaluate, ("Origin", PublicUrl)));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(Evaluate, ("Referer", PublicUrl + "/backups/alerts/1")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Origin", PublicUrl + ":8443")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Origin", "http://backuphealth.msp.example")));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(Evaluate, ("Origin", "https://backuphealth.msp.example.evil.example")));
    }

    private const string PublicUrl = "https://backuphealth.msp.example";

    private string Origin => _collector.Endpoints.Web.GetLeftPart(UriPartial.Authority);

    private async Task<HttpStatusCode> StatusAsync(string path, params (string Name, string Value)[] headers) =>
        await StatusAsync(path, "POST", headers);

    private async Task<HttpStatusCode> StatusAsync(string path, string method, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(_browser.Client, method, path, null, headers);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body, params (string Name, string Value)[] headers)
    {
        var concrete = path.Replace("{alert}", $"{_alert}", StringComparison.Ordinal)
            .Replace("{silence}", $"{_silence}", StringComparison.Ordinal).Replace("{window}", $"{_window}", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(concrete, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    private async Task<long> CreateAsync(string path, string json)
    {
        using var response = await _collector.Http.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return created.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Everything the changes above touch: the alert's state and last sighting, the silence's end, the windows.</summary>
    private async Task<string?> StateAsync() => (string?)await _collector.ScalarAsync("""
        SELECT coalesce((SELECT group_concat(id || ':' || state || ':' || last_seen_at) FROM alerts), '')
            || ' | ' || coalesce((SELECT group_concat(id || ':' || ends_at) FROM silences), '')
            || ' | ' || coalesce((SELECT group_concat(id) FROM maintenance_windows), '')
        """);
}
