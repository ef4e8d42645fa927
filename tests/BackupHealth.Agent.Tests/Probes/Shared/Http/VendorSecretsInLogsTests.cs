using System.Text.Json;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes.XenServer;
using BackupHealth.Testing;
using BackupHealth.VendorFakes.Proxmox;
using BackupHealth.VendorFakes.Unitrends;
using BackupHealth.VendorFakes.Veeam;
using BackupHealth.VendorFakes.XenServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Tests.Probes.Shared.Http;

/// <summary>Issue 17: no vendor credential or secret URL reaches the agent's logs or its probe messages (which also go
/// to the collector). The real agent program runs <c>check</c> with every log category at Trace against real HTTPS
/// stand-ins of Veeam, Unitrends, XAPI, Proxmox VE and PBS: with the right credentials, with wrong ones and with the
/// server gone, each from a URL that carries a password and a query secret.</summary>
public sealed class VendorSecretsInLogsTests : IDisposable
{
    private const string UrlPassword = "url-password-5c1d";
    private const string QuerySecret = "query-secret-9a2b";
    private const string WrongSecret = "wrong-secret-7f3e";
    private readonly TempDirectory _temp = new("bh-secrets");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Check_at_trace_level_shows_no_vendor_password_token_or_secret_url_in_its_output_or_logs()
    {
        await using var veeam = await VeeamServer.StartAsync();
        await using var unitrends = await UnitrendsFake.StartAsync();
        await using var xen = await XenServerFake.StartAsync();
        await using var pve = await PveFake.StartAsync();
        await using var pbs = await PbsFake.StartAsync();
        var probes = new List<Dictionary<string, string>>();
        foreach (var (type, url, user, secret, pin) in new[]
        {
            ("veeam", veeam.BaseAddress, veeam.Username, veeam.Password, veeam.CertificateSha256),
            ("unitrends", unitrends.BaseAddress, unitrends.Username, unitrends.Password, unitrends.CertificateSha256),
            ("xenserver", xen.BaseAddress, xen.Username, xen.Password, xen.CertificateSha256),
            ("proxmox", pve.BaseAddress, pve.TokenId, pve.Secret, pve.CertificateSha256),
            ("pbs", pbs.BaseAddress, pbs.TokenId, pbs.Secret, pbs.CertificateSha256),
        })
        {
            probes.Add(Probe(type, "ok", SecretUrl(url), user, secret, pin));
            probes.Add(Probe(type, "wrong", SecretUrl(url), user, WrongSecret, pin));
            probes.Add(Probe(type, "away", SecretUrl(new Uri("https://127.0.0.1:9/")), user, secret, pin));
        }

        var config = _temp.Combine("agent.json");
        await File.WriteAllTextAsync(config, JsonSerializer.Serialize(new { Probes = probes }));

        var check = await ChildProcess.RunDllAsync("backuphealth-agent.dll", ["check", "--json", "--config", config], _temp.Path, EverythingAtTrace);

        Assert.False(check.TimedOut, check.ToString());
        var output = check.Stdout + check.Stderr;
        string[] secrets = [veeam.Password, unitrends.Password, xen.Password, pve.Secret, pbs.Secret, WrongSecret, UrlPassword, QuerySecret];
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, output, StringComparison.Ordinal));
        // What was shown instead: the logins at Debug and the failures, each naming its server without the secrets.
        Assert.True(check.Stderr.Contains($"logged in to XAPI at https://***@127.0.0.1:{xen.BaseAddress.Port}/?key=*** as root", StringComparison.Ordinal), check.Stderr);
        Assert.Contains("cannot reach Unitrends appliance https://***@127.0.0.1:9/?key=***", check.Stdout, StringComparison.Ordinal);
        Assert.Contains($"API token {pbs.TokenId} was refused", check.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_client_request_logging_stays_off_even_when_every_category_is_set_to_trace()
    {
        var config = _temp.Combine("agent.json");
        File.WriteAllText(config, """
            { "Logging": { "LogLevel": { "Default": "Trace", "System.Net.Http": "Trace", "System.Net.Http.HttpClient": "Trace" } }, "Probes": [] }
            """);

        using var host = AgentHostFactory.CreateBuilder(new AgentCommandLine(AgentVerb.Check, config)).Build();
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger("BackupHealth.Agent.Probes.Veeam.VeeamProbe").IsEnabled(LogLevel.Trace));
        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.veeam.LogicalHandler").IsEnabled(LogLevel.Critical));
        Assert.False(loggers.CreateLogger("System.Net.Http.HttpClient.pbs.ClientHandler").IsEnabled(LogLevel.Critical));
    }

    [Fact]
    public void An_xapi_session_invalid_error_does_not_show_the_session_reference()
    {
        var error = new XapiException("VM.get_all_records", new XapiError("SESSION_INVALID", ["OpaqueRef:5f0c2b6e-live-session"]));

        Assert.Equal("VM.get_all_records failed: SESSION_INVALID ***", error.Message);
    }

    private static IReadOnlyDictionary<string, string?> EverythingAtTrace => new Dictionary<string, string?>
    {
        ["Logging__LogLevel__Default"] = "Trace",
        ["Logging__LogLevel__Microsoft"] = "Trace",
        ["Logging__LogLevel__System.Net.Http"] = "Trace",
    };

    private static string SecretUrl(Uri url) => $"https://monitor:{UrlPassword}@{url.Host}:{url.Port}/?key={QuerySecret}";

    private static Dictionary<string, string> Probe(string type, string variant, string url, string user, string secret, string pin)
    {
        var token = type is "proxmox" or "pbs";
        return new Dictionary<string, string>
        {
            ["Type"] = type,
            ["Name"] = $"{type}-{variant}",
            ["Url"] = url,
            [token ? "TokenId" : "Username"] = user,
            [token ? "Secret" : "Password"] = secret,
            ["CertificateThumbprint"] = pin,
            ["RequestTimeout"] = "00:00:10",
        };
    }
}
