using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Tests.Web;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Audit;

/// <summary><c>GET /api/v1/audit</c> and the <c>/audit</c> page: filters, paging, newest first, and who sees what.</summary>
public sealed class AuditReadingTests : IAsyncLifetime
{
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private IAuditLog Log => _collector.App.Services.GetRequiredService<IAuditLog>();

    [Fact]
    public async Task The_api_filters_by_time_actor_action_prefix_and_customer_newest_first()
    {
        await RecordAsync("ann", "signin.succeeded", null, "d1");
        await RecordAsync("ann", "silence.created", "Contoso Ltd", "d2");
        _collector.Time.Advance(TimeSpan.FromMilliseconds(500));
        var middle = _collector.Time.GetUtcNow();
        await RecordAsync("bob", "signin.failed", null, "d3");
        await RecordAsync("bob", "alert.acknowledged", "Fabrikam", "d4");

        Assert.Equal(["d4", "d3", "d2", "d1"], await DetailsAsync("/api/v1/audit"));
        Assert.Equal(["d3", "d1"], await DetailsAsync("/api/v1/audit?action=signin."));
        Assert.Equal(["d2", "d1"], await DetailsAsync("/api/v1/audit?actor=ann"));
        Assert.Equal(["d4"], await DetailsAsync("/api/v1/audit?customer=Fabrikam"));
        Assert.Equal(["d4", "d3"], await DetailsAsync($"/api/v1/audit?from={Uri.EscapeDataString(middle.ToString("O"))}"));
        Assert.Equal(["d2", "d1"], await DetailsAsync($"/api/v1/audit?to={Uri.EscapeDataString(middle.ToString("O"))}"));
        var first = await ReadAsync("/api/v1/audit?actor=bob");
        var row = first.GetProperty("items")[0];
        Assert.Equal(("bob", "alert.acknowledged", "audit-target", "Fabrikam", "2025-06-01T12:00:04Z"), (row.GetProperty("actor").GetString(),
            row.GetProperty("action").GetString(), row.GetProperty("target").GetString(), row.GetProperty("customer").GetString(),
            row.GetProperty("at").GetDateTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_api_pages_with_a_cursor_and_refuses_a_limit_over_500()
    {
        for (var i = 1; i <= 5; i++)
        {
            await RecordAsync("ann", "user.changed", null, "d" + i);
        }

        var seen = new List<string>();
        var path = "/api/v1/audit?limit=2";
        for (var pages = 0; pages < 10; pages++)
        {
            var page = await ReadAsync(path);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("detail").GetString()!));
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null)
            {
                break;
            }

            path = $"/api/v1/audit?limit=2&before={page.GetProperty("next").GetInt64()}";
        }

        Assert.Equal(["d5", "d4", "d3", "d2", "d1"], seen);
        Assert.Equal(HttpStatusCode.BadRequest, (await _collector.Http.GetAsync(new Uri("/api/v1/audit?limit=501", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _collector.Http.GetAsync(new Uri("/api/v1/audit?limit=0", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_technician_limited_to_a_customer_sees_its_rows_and_only_their_own_collector_wide_rows_on_the_api_and_the_page()
    {
        using var tess = await WebUsers.ClientAsync(_collector.App.Services, _collector.Endpoints.Web, "tess", Roles.Technician, "Contoso Ltd");
        var tessId = await WebUsers.EnsureAsync(_collector.App.Services, "tess");
        var tokenId = (await _collector.App.Services.GetRequiredService<UserAccounts>().ListApiTokensAsync(tessId, CancellationToken.None))[0].Id;
        await RecordAsync("admin", "alert.acknowledged", "Contoso Ltd", "contoso-row");
        await RecordAsync("admin", "alert.acknowledged", "Fabrikam", "fabrikam-row");
        await RecordAsync("tess", "signin.succeeded", null, "own-signin");
        await RecordAsync("api-token:" + tokenId, "user.password-changed", null, "own-token-row");
        await RecordAsync("admin", "user.created", null, "admins-wide-row");

        Assert.Equal(["own-token-row", "own-signin", "contoso-row"], await DetailsAsync("/api/v1/audit", tess));
        Assert.Empty(await DetailsAsync("/api/v1/audit?customer=Fabrikam", tess));
        Assert.Equal(["fabrikam-row"], await DetailsAsync("/api/v1/audit?customer=Fabrikam"));

        using var session = new FormSession(_collector.Endpoints.Web);
        using (await session.SignInAsync("tess", WebUsers.Password))
        {
        }

        var page = await session.Client.GetStringAsync(new Uri("/audit", UriKind.Relative));
        Assert.Contains("contoso-row", page, StringComparison.Ordinal);
        Assert.Contains("own-signin", page, StringComparison.Ordinal);
        Assert.DoesNotContain("fabrikam-row", page, StringComparison.Ordinal);
        Assert.DoesNotContain("admins-wide-row", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">Fabrikam</option>", await session.Client.GetStringAsync(new Uri("/audit?customer=Fabrikam", UriKind.Relative)),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_may_not_read_the_audit_log_and_has_no_link_to_it()
    {
        await RecordAsync("admin", "user.created", null, "a-row");
        using var victor = await WebUsers.ClientAsync(_collector.App.Services, _collector.Endpoints.Web, "victor", Roles.Viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await victor.GetAsync(new Uri("/api/v1/audit", UriKind.Relative))).StatusCode);
        using var session = new FormSession(_collector.Endpoints.Web);
        using (await session.SignInAsync("victor", WebUsers.Password))
        {
        }

        using var page = await session.Client.GetAsync(new Uri("/audit", UriKind.Relative));
        Assert.Equal((HttpStatusCode.Redirect, "/forbidden"), (page.StatusCode, page.Headers.Location?.AbsolutePath ?? page.Headers.Location?.OriginalString.Split('?')[0]));
        Assert.DoesNotContain("href=\"/audit\"", await session.Client.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_shows_an_admin_the_filtered_rows_newest_first_and_pages_server_side()
    {
        for (var i = 1; i <= AuditModelPageSize + 1; i++)
        {
            await RecordAsync("ann", "user.changed", null, $"row-{i:000}");
        }

        await RecordAsync("bob", "signin.failed", "Fabrikam", "bobs-row");
        using var session = new FormSession(_collector.Endpoints.Web);
        using (await session.SignInAsync(WebUsers.AdminName, WebUsers.Password))
        {
        }

        using var filtered = await session.Client.GetAsync(new Uri("/audit?action=signin.&actor=bob", UriKind.Relative));
        var text = await filtered.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, filtered.StatusCode);
        Assert.Contains("script-src 'self';", filtered.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("bobs-row", text, StringComparison.Ordinal);
        Assert.Contains("value=\"signin.\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("row-", text.Replace("bobs-row", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("href=\"/audit\" class=\"current\"", text, StringComparison.Ordinal);

        var first = await session.Client.GetStringAsync(new Uri("/audit?actor=ann", UriKind.Relative));
        Assert.True(first.IndexOf("row-101", StringComparison.Ordinal) < first.IndexOf("row-100", StringComparison.Ordinal));
        Assert.DoesNotContain("row-001", first, StringComparison.Ordinal);
        var older = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/audit\\?[^\"]+)\">older").Groups[1].Value;
        var second = await session.Client.GetStringAsync(new Uri(WebUtility.HtmlDecode(older), UriKind.Relative));
        Assert.Contains("row-001", second, StringComparison.Ordinal);
        Assert.DoesNotContain("row-002", second, StringComparison.Ordinal);
        Assert.DoesNotContain("bobs-row", second, StringComparison.Ordinal);
    }

    private const int AuditModelPageSize = 100;

    private async Task RecordAsync(string actor, string action, string? customer, string detail)
    {
        _collector.Time.Advance(TimeSpan.FromSeconds(1));
        await Log.RecordAsync(new AuditEntry(actor, "127.0.0.1", action, "audit-target", customer, detail));
    }

    private async Task<JsonElement> ReadAsync(string path, HttpClient? client = null) =>
        await (client ?? _collector.Http).GetFromJsonAsync<JsonElement>(new Uri(path, UriKind.Relative));

    private async Task<List<string>> DetailsAsync(string path, HttpClient? client = null) =>
        (await ReadAsync(path, client)).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("detail").GetString()!).ToList();
}
