using BackupHealth.Testing;
using Xunit.Abstractions;

namespace BackupHealth.IntegrationTests;

/// <summary>The reason the product exists, end to end: the real agent process sees a failing backup, the collector
/// raises the alert and an e-mail reaches a real SMTP server; the backup recovers and a resolved e-mail follows.</summary>
public sealed class AlertingTests(ITestOutputHelper output) : IDisposable
{
    private const string Recipient = "noc@msp.example";
    private readonly TempDirectory _temp = new("bh-e2e-alerts");
    private readonly ErrorLogCollector _collectorErrors = new();

    private string JobFolder => _temp.Combine("site", "erp-db");

    [Fact]
    public async Task A_failing_job_sends_an_email_and_its_recovery_a_resolved_email()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var collector = await CollectorServer.StartAsync(_temp.Combine("collector"), _collectorErrors, MailSettings(smtp.Port));
        var web = await collector.ApiClientAsync();
        WriteBackup("erp-db-1.dump", bytes: 0, TimeSpan.FromHours(3));
        await using var agent = AgentProcess.Start(_temp.Combine("agent.json"), AgentConfig(collector.Grpc));

        await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n >= 1, "the failed run at the collector", diagnostics: () => agent.Output);
        await EvaluateAsync(web);
        var fired = await MailAsync(smtp, 1);
        output.WriteLine($"{fired.Message.Subject}\n{fired.Message.TextBody}");
        Assert.Contains("CRITICAL", fired.Message.Subject, StringComparison.Ordinal);
        Assert.Contains(CollectorServer.Customer, fired.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("erp-db", fired.Message.Subject, StringComparison.Ordinal);
        Assert.Equal([Recipient], fired.Envelope);
        Assert.Contains("smaller than", fired.Message.TextBody, StringComparison.OrdinalIgnoreCase);

        WriteBackup("erp-db-2.dump", bytes: 64 * 1024, TimeSpan.FromMinutes(5));
        await Poll.UntilAsync(() => Task.FromResult(collector.DeliveredRuns().Count), n => n >= 2, "the healthy run at the collector", diagnostics: () => agent.Output);
        await EvaluateAsync(web);
        var resolved = await MailAsync(smtp, 2);
        output.WriteLine($"{resolved.Message.Subject}\n{resolved.Message.TextBody}");
        Assert.Contains("RESOLVED", resolved.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("erp-db", resolved.Message.Subject, StringComparison.Ordinal);

        // Once each: evaluating again sends nothing more.
        await EvaluateAsync(web);
        Assert.Equal(2, smtp.Messages.Count);
        _collectorErrors.AssertNone();
    }

    public void Dispose() => _temp.Dispose();

    private static Dictionary<string, string?> MailSettings(int smtpPort) => new()
    {
        ["Collector:Notify:Channels:0:Name"] = "noc-mail",
        ["Collector:Notify:Channels:0:Type"] = "email",
        ["Collector:Notify:Channels:0:To:0"] = Recipient,
        ["Collector:Notify:Channels:0:From"] = "backuphealth@msp.example",
        ["Collector:Notify:Channels:0:Smtp:Host"] = "127.0.0.1",
        ["Collector:Notify:Channels:0:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Collector:Notify:Channels:0:Smtp:Security"] = "None",
        ["Collector:Notify:Routes:0:Customer"] = "*",
        ["Collector:Notify:Routes:0:Channels:0"] = "noc-mail",
        ["Collector:Notify:Routes:0:MinSeverity"] = "Warning",
        // The test evaluates through the API when it has put the agent's news in place; the schedule stays out of its way.
        ["Collector:Alerts:EvaluationInterval"] = "01:00:00",
    };

    private object AgentConfig(Uri collector) => new
    {
        Agent = new
        {
            Id = "e2e-host-01",
            DataPath = _temp.Combine("agent"),
            CollectorUrl = collector.ToString(),
            CollectorCaFile = AgentProcess.CollectorCaFile(_temp.Combine("agent")),
            Token = CollectorServer.Token,
            ReconnectMinDelay = "00:00:00.050",
            ReconnectMaxDelay = "00:00:00.500",
        },
        Probes = new[]
        {
            new { Type = "files", Name = "erp-db", Path = JobFolder, Pattern = "*.dump", MinSizeBytes = 1024, Interval = "00:00:01", Jitter = "00:00:00" },
        },
    };

    private void WriteBackup(string name, long bytes, TimeSpan age)
    {
        Directory.CreateDirectory(JobFolder);
        var path = Path.Combine(JobFolder, name);
        using (var file = File.Create(path))
        {
            file.SetLength(bytes);
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
    }

    private static async Task EvaluateAsync(HttpClient web)
    {
        await Evaluation.RunAsync(web);
    }

    private static async Task<ReceivedMail> MailAsync(SmtpTestServer smtp, int count)
    {
        await Poll.UntilAsync(() => Task.FromResult(smtp.Messages.Count), n => n >= count, $"e-mail number {count}");
        return smtp.Messages[count - 1];
    }
}
