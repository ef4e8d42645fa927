using System.Net;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Audit;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Testing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Web;

/// <summary><c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> count only from the proxies in
/// <c>Collector:Web:TrustedProxies</c>: the collector serves plain http on 127.0.0.1, as behind a TLS-terminating
/// proxy on the same host.</summary>
public sealed class TrustedProxyTests
{
    [Fact]
    public async Task Without_a_trusted_proxy_forged_forwarded_headers_change_neither_the_address_nor_the_scheme()
    {
        await using var collector = await StartAsync();
        await WebUsers.EnsureAsync(collector.App.Services, "ann", Roles.Viewer);
        using var signedIn = await SignInAsync(collector, "ann", WebUsers.Password, "203.0.113.7");
        Assert.DoesNotContain("secure", SessionCookie(signedIn), StringComparison.OrdinalIgnoreCase);

        // A guesser that claims a fresh address on every try is still one address to the limit.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= LimitsOptions.DefaultSignInFailuresPerAddress; i++)
        {
            using var guess = await SignInAsync(collector, "ann", "a wrong guess here", $"198.51.100.{i + 1}");
            statuses.Add(guess.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.All(await AuditTable.ReadAsync(collector), row => Assert.Equal("127.0.0.1", row.Address));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_address_counts_and_the_session_cookie_is_secure()
    {
        await using var collector = await StartAsync(s => s["Collector:Web:TrustedProxies:0"] = "127.0.0.0/8");
        await WebUsers.EnsureAsync(collector.App.Services, "ann", Roles.Viewer);

        using var signedIn = await SignInAsync(collector, "ann", WebUsers.Password, "203.0.113.7");
        for (var i = 0; i < LimitsOptions.DefaultSignInFailuresPerAddress; i++)
        {
            (await SignInAsync(collector, "nobody", "a wrong guess here", "203.0.113.8")).Dispose();
        }

        using var blocked = await SignInAsync(collector, "ann", WebUsers.Password, "203.0.113.8");
        using var neighbour = await SignInAsync(collector, "ann", WebUsers.Password, "203.0.113.9");
        Assert.Contains("secure", SessionCookie(signedIn), StringComparison.OrdinalIgnoreCase);
        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.Redirect), (blocked.StatusCode, neighbour.StatusCode));
        var rows = await AuditTable.ReadAsync(collector);
        Assert.Equal(["203.0.113.7", "203.0.113.8", "203.0.113.9"], rows.Select(r => r.Address).Distinct().Order());
    }

    [Theory]
    [InlineData("proxy.example")]
    [InlineData("10.0.0.0/99")]
    public async Task A_trusted_proxy_that_is_not_an_address_or_network_stops_the_start_naming_it(string value)
    {
        using var data = new TempDirectory("bh-proxies");
        var (app, _, _) = TestCollector.Build(data, s => s["Collector:Web:TrustedProxies:0"] = value);
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains($"Collector:Web:TrustedProxies:0: '{value}' is neither an IP address (192.0.2.10) nor a network (10.0.0.0/8)", error.Failures);
    }

    private static Task<TestCollector> StartAsync(Action<Dictionary<string, string?>>? configure = null) => TestCollector.StartAsync(s =>
    {
        s["Collector:WebUrl"] = "http://127.0.0.1:0";
        s["Collector:AllowInsecureHttp"] = "true";
        configure?.Invoke(s);
    });

    /// <summary>A sign-in as a TLS-terminating proxy would pass it on: for <paramref name="client"/>, over https.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(TestCollector collector, string username, string password, string client)
    {
        using var session = new FormSession(collector.Endpoints.Web);
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", client);
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        return await session.SignInAsync(username, password);
    }

    private static string SessionCookie(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthServiceCollectionExtensions.CookieName + "=", StringComparison.Ordinal));
}
