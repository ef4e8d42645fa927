using System.Net.Http.Json;
using System.Runtime.Versioning;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>Enrolment end to end with the real agent process and the real collector over TLS, site tokens off: a token
/// made through the API, <c>backuphealth-agent enroll --token-file</c>, then <c>run</c> with nothing but the data
/// folder — the agent streams with its own certificate; a used-up token is refused; revoking the agent ends it.</summary>
public sealed class EnrolmentTests : IDisposable
{
    private readonly TempDirectory _temp = new("bh-enrolment");
    private readonly ErrorLogCollector _collectorErrors = new();

    public void Dispose() => _temp.Dispose();

    private static readonly Dictionary<string, string?> CertificatesOnly = new() { ["Collector:AllowSiteTokens"] = "false" };

    private static async Task<string> TokenAsync(HttpClient admin, int maxUses = 1)
    {
        using var response = await admin.PostAsJsonAsync("/api/v1/enrolment-tokens",
            new EnrolmentTokenRequest(CollectorServer.Customer, CollectorServer.Site, "integration", null, maxUses), EnrolmentJsonContext.Default.EnrolmentTokenRequest);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync(EnrolmentJsonContext.Default.CreatedEnrolmentTokenDto))!.Token;
    }

    /// <summary>Runs <c>enroll</c> for an agent whose config names only its id and data folder.</summary>
    private async Task<(AgentProcess Process, string Config, string TokenFile)> EnrolAsync(string id, string token)
    {
        var tokenFile = _temp.Combine($"{id}.token");
        await File.WriteAllTextAsync(tokenFile, token);
        var config = _temp.Combine($"{id}.json");
        var enrol = AgentProcess.Start(config, new { Agent = new { Id = id, DataPath = _temp.Combine(id) } }, "enroll", "--token-file", tokenFile);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await enrol.WaitForExitAsync(deadline.Token);
        return (enrol, config, tokenFile);
    }

    [Fact]
    public async Task An_agent_enrolled_with_a_token_streams_with_its_own_certificate_and_stops_when_revoked()
    {
        var site = SampleSite.Create(_temp.Combine("site"), jobs: 1, filesPerJob: 3);
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors, CertificatesOnly);
        var admin = await collector.ApiClientAsync();
        var token = await TokenAsync(admin);

        var (enrol, config, tokenFile) = await EnrolAsync("enrolled-01", token);
        await using (enrol)
        {
            Assert.True(enrol.ExitCode == 0, enrol.Output);
        }

        Assert.False(File.Exists(tokenFile), "the token file is deleted once used");
        var job = site.Jobs[0];
        var probes = new[] { new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "01:00:00" } };
        await using var agent = AgentProcess.Start(config, new
        {
            Agent = new { Id = "enrolled-01", DataPath = _temp.Combine("enrolled-01"), ReconnectMinDelay = "00:00:00.050", ReconnectMaxDelay = "00:00:00.500" },
            Probes = probes,
        });
        await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n >= site.Runs.Count,
            $"{site.Runs.Count} observations stored", TimeSpan.FromSeconds(60), () => agent.Output);
        Assert.Equal(site.Runs.Order(StringComparer.Ordinal), collector.DeliveredRuns().Order(StringComparer.Ordinal));

        var agents = await admin.GetStringAsync(new Uri("/api/v1/agents", UriKind.Relative));
        var id = System.Text.Json.JsonDocument.Parse(agents).RootElement.EnumerateArray().Single(a => a.GetProperty("agentId").GetString() == "enrolled-01").GetProperty("id").GetInt64();
        using var revoke = await admin.PostAsync(new Uri($"/api/v1/agents/{id}/revoke", UriKind.Relative), null);
        Assert.True(revoke.IsSuccessStatusCode);
        await Poll.UntilAsync(() => agent.Output.Contains("revoked", StringComparison.Ordinal), "the agent logs that it was revoked", TimeSpan.FromSeconds(30));
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task With_a_short_certificate_lifetime_the_agent_renews_and_keeps_delivering_with_nothing_lost()
    {
        var site = SampleSite.Create(_temp.Combine("site"), jobs: 1, filesPerJob: 2);
        var settings = new Dictionary<string, string?>(CertificatesOnly) { ["Collector:Enrolment:CertificateLifetime"] = "00:00:30" };
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors, settings);
        var (enrol, config, _) = await EnrolAsync("renewing-01", await TokenAsync(await collector.ApiClientAsync()));
        await using (enrol)
        {
            Assert.True(enrol.ExitCode == 0, enrol.Output);
        }

        var job = site.Jobs[0];
        var probes = new[] { new { Type = "files", Name = job, Path = Path.Combine(site.Root, job), Pattern = "*.bak", Interval = "00:00:02" } };
        await using var agent = AgentProcess.Start(config, new
        {
            Agent = new { Id = "renewing-01", DataPath = _temp.Combine("renewing-01"), ReconnectMinDelay = "00:00:00.050", ReconnectMaxDelay = "00:00:00.500" },
            Probes = probes,
        });
        await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n >= site.Runs.Count,
            $"{site.Runs.Count} observations stored", TimeSpan.FromSeconds(60), () => agent.Output);

        // At two thirds of 30 s the agent renews; its next stream uses the new certificate, which retires the old one.
        await Poll.UntilAsync(() => Task.FromResult(collector.Count("SELECT count(*) FROM agent_certificates WHERE replaced IS NOT NULL")), n => n >= 1,
            "the renewed certificate is in use", TimeSpan.FromSeconds(60), () => agent.Output);
        var later = $"{job}-after-renewal.bak";
        await File.WriteAllBytesAsync(Path.Combine(site.Root, job, later), new byte[8192]);
        string[] expected = [.. site.Runs, $"{job}/{later}"];
        await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n >= expected.Length,
            "the run made after the renewal is stored", TimeSpan.FromSeconds(60), () => agent.Output);

        Assert.Equal(expected.Order(StringComparer.Ordinal), collector.DeliveredRuns().Order(StringComparer.Ordinal));
        Assert.InRange(collector.Count("SELECT count(*) FROM agent_certificates"), 2, 4); // renewed, not renewing in a loop
        Assert.False(agent.HasExited, agent.Output);
        _collectorErrors.AssertNone();
    }

    [Fact]
    public async Task A_used_up_token_is_refused_by_enroll_with_a_clear_line_and_nothing_is_written()
    {
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors, CertificatesOnly);
        var token = await TokenAsync(await collector.ApiClientAsync());
        var (first, _, _) = await EnrolAsync("first-01", token);
        await using (first)
        {
            Assert.True(first.ExitCode == 0, first.Output);
        }

        var (second, _, tokenFile) = await EnrolAsync("second-01", token);
        await using (second)
        {
            Assert.Equal(1, second.ExitCode);
            Assert.Contains("the token is unknown, used up, expired or revoked", second.Output, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(Path.Combine(_temp.Combine("second-01"), "identity", "agent.crt")));
        Assert.True(File.Exists(tokenFile), "a refused token's file stays, so the user can see what was tried");
        _collectorErrors.AssertNone();
    }

    [LinuxFact]
    [SupportedOSPlatform("linux")]
    public async Task The_enrolled_key_is_readable_by_the_agent_user_only()
    {
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors, CertificatesOnly);
        var (enrol, _, _) = await EnrolAsync("key-01", await TokenAsync(await collector.ApiClientAsync()));
        await using (enrol)
        {
            Assert.True(enrol.ExitCode == 0, enrol.Output);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_temp.Combine("key-01"), "identity", "agent.key")));
        _collectorErrors.AssertNone();
    }
}
