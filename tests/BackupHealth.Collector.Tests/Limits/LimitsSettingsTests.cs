using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web;
using BackupHealth.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Limits;

public sealed class LimitsSettingsTests
{
    [Theory]
    [InlineData("Collector:Limits:MaxStreamsPerAgent", "0")]
    [InlineData("Collector:Limits:SignInFailuresPerAddress", "0")]
    [InlineData("Collector:Limits:SignInAttemptsPerAddress", "0")]
    [InlineData("Collector:Limits:SignInHashQueue", "-1")]
    [InlineData("Collector:Auth:LockoutMaxDuration", "00:00:00")]
    [InlineData("Collector:Limits:Http2KeepAlivePingTimeout", "00:00:00")]
    public async Task A_bad_value_stops_the_start_naming_the_setting(string key, string value)
    {
        using var data = new TempDirectory();
        var (app, _, _) = TestCollector.Build(data, s => s[key] = value);
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith(key + ":", StringComparison.Ordinal));
    }

    [Fact]
    public void More_streams_per_agent_than_in_all_is_refused()
    {
        var result = new LimitsOptionsValidator().Validate(null, new LimitsOptions { MaxStreams = 1, MaxStreamsPerAgent = 2 });

        Assert.Contains("Collector:Limits:MaxStreamsPerAgent: must not exceed Collector:Limits:MaxStreams (1)", result.Failures ?? []);
    }

    [Fact]
    public void A_maximum_lock_shorter_than_the_first_lock_is_refused()
    {
        var result = new Collector.Web.Auth.AuthOptionsValidator().Validate(null,
            new Collector.Web.Auth.AuthOptions { LockoutDuration = TimeSpan.FromMinutes(10), LockoutMaxDuration = TimeSpan.FromMinutes(5) });

        Assert.Contains("Collector:Auth:LockoutMaxDuration: must be at least Collector:Auth:LockoutDuration (00:10:00)", result.Failures ?? []);
    }

    [Fact]
    public void Kestrel_gets_the_keep_alive_and_connection_limits()
    {
        var limits = new LimitsOptions
        {
            Http2KeepAlivePingDelay = TimeSpan.FromSeconds(11),
            Http2KeepAlivePingTimeout = TimeSpan.FromSeconds(7),
            KeepAliveTimeout = TimeSpan.FromSeconds(42),
            RequestHeadersTimeout = TimeSpan.FromSeconds(9),
            MaxConcurrentConnections = 123,
        };
        var kestrel = new KestrelServerOptions();

        KestrelSetup.ApplyLimits(kestrel.Limits, limits);

        Assert.Equal(TimeSpan.FromSeconds(11), kestrel.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(7), kestrel.Limits.Http2.KeepAlivePingTimeout);
        Assert.Equal(TimeSpan.FromSeconds(42), kestrel.Limits.KeepAliveTimeout);
        Assert.Equal(TimeSpan.FromSeconds(9), kestrel.Limits.RequestHeadersTimeout);
        Assert.Equal(123, kestrel.Limits.MaxConcurrentConnections);
    }

    [Fact]
    public async Task A_started_collector_pings_idle_agent_connections()
    {
        await using var collector = await TestCollector.StartAsync(
            s => s["Collector:Limits:Http2KeepAlivePingDelay"] = "00:00:15",
            services => services.AddSingleton<IOpenFileLimit>(new FixedOpenFileLimit(FixedOpenFileLimit.Generous)));

        var kestrel = collector.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(15), kestrel.Limits.Http2.KeepAlivePingDelay);
        Assert.Equal(LimitsOptions.DefaultMaxConcurrentConnections, kestrel.Limits.MaxConcurrentConnections);
    }

    [Theory]
    [InlineData(true, SecurityHeaders.HstsValue)]
    [InlineData(false, null)]
    public void Hsts_is_sent_only_over_https(bool isHttps, string? expected)
    {
        Assert.Equal(expected, SecurityHeaders.StrictTransportSecurity(isHttps));
    }

    [Fact]
    public async Task Plain_http_pages_carry_the_security_headers_but_no_hsts()
    {
        await using var collector = await TestCollector.StartAsync(settings =>
        {
            settings["Collector:AllowInsecureHttp"] = "true";
            settings["Collector:GrpcUrl"] = "http://127.0.0.1:0";
            settings["Collector:WebUrl"] = "http://127.0.0.1:0";
        });

        using var response = await collector.Anonymous.GetAsync(new Uri("/signin", UriKind.Relative));

        Assert.Equal("http", response.RequestMessage!.RequestUri!.Scheme);
        Assert.True(response.Headers.Contains("X-Frame-Options"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }
}
