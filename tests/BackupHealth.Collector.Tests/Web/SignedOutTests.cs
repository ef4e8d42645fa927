using System.Net;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>Nothing but sign-in is reachable signed out: every endpoint the collector maps on its web surface is
/// requested, so an endpoint added later without protection fails here.</summary>
public sealed class SignedOutTests : IAsyncLifetime
{
    // The health probes are anonymous on purpose: load balancers and service managers call them without credentials,
    // and they answer only Healthy or Unhealthy (docs/telemetry.md).
    private static readonly string[] Anonymous = ["/signin", "/signout", "/assets/{name}", "/favicon.ico", "/health/live", "/health/ready"];

    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public void Only_sign_in_sign_out_the_stylesheet_and_the_health_probes_allow_anonymous_users()
    {
        var open = WebEndpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => Route(e)).Distinct().Order();

        Assert.Equal(Anonymous.Order(), open);
    }

    [Fact]
    public async Task Signed_out_every_page_redirects_to_sign_in_and_every_api_call_is_401()
    {
        using var handler = BackupHealth.Testing.TestTls.Trust(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        using var client = new HttpClient(handler) { BaseAddress = _collector.Endpoints.Web };
        var checkedRoutes = new List<string>();
        foreach (var endpoint in WebEndpoints().Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var path = Concrete(Route(endpoint));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
                if (method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                // /metrics is for Prometheus: a missing token is a plain 401 there too, never the sign-in page.
                if (path.StartsWith("/api/", StringComparison.Ordinal) || path == "/metrics")
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} gave {(int)response.StatusCode}");
                }
                else
                {
                    Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path} gave {(int)response.StatusCode}");
                    Assert.StartsWith("/signin?returnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
                }

                checkedRoutes.Add($"{method} {Route(endpoint)}");
            }
        }

        // The check saw the pages, the API and the live stream, not an empty list.
        Assert.Contains("GET /", checkedRoutes);
        Assert.Contains("GET /api/v1/jobs", checkedRoutes);
        Assert.Contains("POST /api/v1/alerts/{id:long}/acknowledge", checkedRoutes);
        Assert.Contains("GET /events", checkedRoutes);
        Assert.Contains("GET /metrics", checkedRoutes);
    }

    [Fact]
    public async Task A_wrong_or_revoked_api_token_is_401()
    {
        using var client = _collector.Anonymous;
        client.DefaultRequestHeaders.Authorization = new("Bearer", "bhu_not-a-token");
        using var response = await client.GetAsync(new Uri("/api/v1/jobs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private List<RouteEndpoint> WebEndpoints()
    {
        var sources = _collector.App.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<SurfaceMetadata>()?.Surface == Surface.Web)
            .ToList();
    }

    private static string Route(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    /// <summary>A request path for a route: each parameter becomes 1 (ids) or a plain word.</summary>
    private static string Concrete(string route) =>
        System.Text.RegularExpressions.Regex.Replace(route, @"\{(\w+)(:[^}]*)?\??\}", m => m.Groups[2].Value.Contains("long", StringComparison.Ordinal) ? "1" : "x");
}
