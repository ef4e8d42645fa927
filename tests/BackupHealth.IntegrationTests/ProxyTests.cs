using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>An agent at a site whose only way out is an HTTP proxy: the real agent process tunnels its gRPC stream
/// through a real CONNECT proxy (tinyproxy) that asks for credentials, with TLS end to end to the collector.</summary>
public sealed class ProxyTests : IDisposable
{
    private readonly TempDirectory _temp = new("bh-proxy");
    private readonly ErrorLogCollector _collectorErrors = new();

    public void Dispose() => _temp.Dispose();

    [LinuxFact]
    public async Task An_agent_behind_a_connect_proxy_with_credentials_delivers_through_it()
    {
        await using var proxy = await TinyProxy.StartAsync("site-agent", "proxy-pass-42");
        var site = SampleSite.Create(_temp.Combine("site"), jobs: 1, filesPerJob: 2);
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);
        await File.WriteAllTextAsync(_temp.Combine("proxy-credentials"), "site-agent:proxy-pass-42\n");
        var agent = AgentProcess.Section(_temp.Combine("agent"), collector.Grpc, "proxied-01");
        agent["Proxy"] = proxy.Url.ToString();
        agent["ProxyCredentialsFile"] = _temp.Combine("proxy-credentials");
        var job = site.Jobs[0];
        var probes = new[] { new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "01:00:00" } };

        await using var process = AgentProcess.Start(_temp.Combine("agent.json"), new { Agent = agent, Probes = probes });
        await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n >= site.Runs.Count,
            $"{site.Runs.Count} observations stored", TimeSpan.FromSeconds(60), () => process.Output + proxy.Output + proxy.Log);

        Assert.Equal(site.Runs.Order(StringComparer.Ordinal), collector.DeliveredRuns().Order(StringComparer.Ordinal));
        Assert.Contains($"CONNECT 127.0.0.1:{collector.Grpc.Port}", proxy.Log, StringComparison.OrdinalIgnoreCase);
        _collectorErrors.AssertNone();
    }

    [LinuxFact]
    public async Task Without_the_proxy_credentials_the_proxy_refuses_and_nothing_is_delivered()
    {
        await using var proxy = await TinyProxy.StartAsync("site-agent", "proxy-pass-42");
        var site = SampleSite.Create(_temp.Combine("site"), jobs: 1, filesPerJob: 2);
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors);
        var agent = AgentProcess.Section(_temp.Combine("agent"), collector.Grpc, "proxied-02");
        agent["Proxy"] = proxy.Url.ToString();
        var job = site.Jobs[0];
        var probes = new[] { new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "01:00:00" } };

        await using var process = AgentProcess.Start(_temp.Combine("agent.json"), new { Agent = agent, Probes = probes });
        await Poll.UntilAsync(() => process.Output.Contains("Could not connect to collector", StringComparison.Ordinal),
            "the agent reports that it cannot connect", TimeSpan.FromSeconds(60));

        Assert.Empty(collector.DeliveredRuns());
        Assert.Contains("407", process.Output, StringComparison.Ordinal);
    }
}
