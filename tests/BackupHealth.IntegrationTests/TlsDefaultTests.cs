using System.Runtime.Versioning;
using System.Security.Authentication;
using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>TLS as it ships when nobody configures a certificate: the collector makes its own CA and server certificate
/// in <c>DataPath/tls</c>, and an agent given a copy of <c>tls/ca.crt</c> as <c>Agent:CollectorCaFile</c> streams to it
/// over https. No test CA and no fake clock are involved.</summary>
public sealed class TlsDefaultTests : IDisposable
{
    private readonly TempDirectory _temp = new("bh-tls-default");
    private readonly ErrorLogCollector _collectorErrors = new();

    private string CollectorData => _temp.Combine("collector");

    private string TlsFolder => Path.Combine(CollectorData, "tls");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_agent_trusting_the_collectors_own_ca_file_streams_its_observations_to_it()
    {
        var site = SampleSite.Create(_temp.Combine("site"), jobs: 1, filesPerJob: 3);
        await using var collector = await CollectorServer.StartAsync(CollectorData, _collectorErrors, ownCertificate: true);
        Assert.Equal(Uri.UriSchemeHttps, collector.Grpc.Scheme);

        // What is served is the collector's own certificate: a client that trusts only the test CA is refused.
        using (var testCaClient = TestTls.Client(collector.Web))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => testCaClient.GetAsync(new Uri("/", UriKind.Relative)));
            Assert.IsType<AuthenticationException>(refused.InnerException);
        }

        var agent = AgentProcess.Section(_temp.Combine("agent"), collector.Grpc, "tls-default-01");
        agent["CollectorCaFile"] = Path.Combine(TlsFolder, "ca.crt");
        var job = site.Jobs[0];
        var probes = new[] { new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "01:00:00" } };
        await using var process = AgentProcess.Start(_temp.Combine("agent.json"), new { Agent = agent, Probes = probes });

        await Poll.UntilAsync(
            () => Task.FromResult(collector.DeliveredRuns().Count), n => n >= site.Runs.Count,
            $"{site.Runs.Count} observations stored", TimeSpan.FromSeconds(60), () => process.Output);
        Assert.Equal(site.Runs.Order(StringComparer.Ordinal), collector.DeliveredRuns().Order(StringComparer.Ordinal));
        Assert.False(process.HasExited, process.Output);
        _collectorErrors.AssertNone();
    }

    [LinuxFact]
    [SupportedOSPlatform("linux")]
    public async Task The_collectors_own_private_keys_are_readable_by_its_user_only()
    {
        await using (await CollectorServer.StartAsync(CollectorData, _collectorErrors, ownCertificate: true))
        {
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(TlsFolder, "ca.key")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(TlsFolder, "server.key")));
        _collectorErrors.AssertNone();
    }
}
