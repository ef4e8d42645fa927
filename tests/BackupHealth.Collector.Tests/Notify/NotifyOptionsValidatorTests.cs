using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Notify;

public sealed class NotifyOptionsValidatorTests
{
    private const string P = NotifySettings.Prefix;

    // The example of docs/notifications.md, as an operator writes it.
    private static Dictionary<string, string?> Example() => new()
    {
        [$"{P}:Channels:0:Name"] = "noc-mail",
        [$"{P}:Channels:0:Type"] = "email",
        [$"{P}:Channels:0:To:0"] = "noc@msp.example",
        [$"{P}:Channels:0:From"] = "BackupHealth <backuphealth@msp.example>",
        [$"{P}:Channels:0:Smtp:Host"] = "smtp.msp.example",
        [$"{P}:Channels:0:Smtp:Port"] = "587",
        [$"{P}:Channels:0:Smtp:Security"] = "StartTls",
        [$"{P}:Channels:0:Smtp:UserName"] = "backuphealth",
        [$"{P}:Channels:0:Smtp:Password"] = "secret",
        [$"{P}:Channels:1:Name"] = "psa",
        [$"{P}:Channels:1:Type"] = "webhook",
        [$"{P}:Channels:1:Url"] = "https://psa.example/hooks/bh",
        [$"{P}:Channels:1:Headers:X-Api-Key"] = "key",
        [$"{P}:Channels:2:Name"] = "chat",
        [$"{P}:Channels:2:Type"] = "slack",
        [$"{P}:Channels:2:Url"] = "https://hooks.slack.com/services/T000/B000/XXXX",
        [$"{P}:Channels:3:Name"] = "teams",
        [$"{P}:Channels:3:Type"] = "Teams",
        [$"{P}:Channels:3:Url"] = "https://example.webhook.office.com/webhookb2/abc",
        [$"{P}:Routes:0:Customer"] = "*",
        [$"{P}:Routes:0:Channels:0"] = "noc-mail",
        [$"{P}:Routes:0:Channels:1"] = "psa",
        [$"{P}:Routes:0:MinSeverity"] = "Warning",
        [$"{P}:Routes:1:Customer"] = "Contoso Ltd",
        [$"{P}:Routes:1:Channels:0"] = "chat",
        [$"{P}:Routes:1:MinSeverity"] = "Critical",
    };

    private static IReadOnlyList<string> Failures(Action<Dictionary<string, string?>> change)
    {
        var settings = Example();
        change(settings);
        var options = new NotifyOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(NotifyOptions.SectionName).Bind(options);
        var result = new NotifyOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Documented_example_is_valid() => Assert.Empty(Failures(_ => { }));

    [Theory]
    [InlineData("Routes:1:Channels:0", "nope", "Collector:Notify:Routes:1:Channels:0: 'nope' is not a channel in Collector:Notify:Channels")]
    [InlineData("Channels:2:Name", "PSA", "Collector:Notify:Channels:2:Name: 'PSA' duplicates Collector:Notify:Channels:1:Name; channel names must be unique")]
    [InlineData("Channels:1:Url", "psa.example/hooks", "Collector:Notify:Channels:1:Url: must be an absolute http:// or https:// URL")]
    [InlineData("Channels:2:Url", "ftp://hooks.slack.com/x", "Collector:Notify:Channels:2:Url: must be an absolute http:// or https:// URL")]
    [InlineData("Channels:1:Type", "pager", "Collector:Notify:Channels:1:Type: must be one of email, webhook, slack, teams")]
    [InlineData("Channels:0:To:0", null, "Collector:Notify:Channels:0:To: at least one recipient address is required for an email channel")]
    [InlineData("Channels:0:To:0", "noc at msp", "Collector:Notify:Channels:0:To:0: 'noc at msp' is not an e-mail address")]
    [InlineData("Channels:0:From", "", "Collector:Notify:Channels:0:From: is required for an email channel")]
    [InlineData("Channels:0:Smtp:Host", "", "Collector:Notify:Channels:0:Smtp:Host: is required for an email channel")]
    [InlineData("Channels:0:Smtp:Security", "Tls", "Collector:Notify:Channels:0:Smtp:Security: must be one of StartTls, SslOnConnect, None, Auto")]
    [InlineData("Channels:0:Smtp:Port", "70000", "Collector:Notify:Channels:0:Smtp:Port: must be between 1 and 65535 (0 or unset picks the port for Security)")]
    [InlineData("Channels:0:Smtp:Password", "", "Collector:Notify:Channels:0:Smtp:Password: is required when Collector:Notify:Channels:0:Smtp:UserName is set")]
    [InlineData("Channels:1:Headers:Idempotency-Key", "x", "Collector:Notify:Channels:1:Headers:Idempotency-Key: is set by the collector and cannot be configured")]
    [InlineData("Routes:0:MinSeverity", "Info", "Collector:Notify:Routes:0:MinSeverity: must be Warning or Critical")]
    [InlineData("Routes:1:Customer", " ", "Collector:Notify:Routes:1:Customer: must name a customer, or be \"*\" for customers without routes of their own")]
    [InlineData("RetryMaxDelay", "00:00:10", "Collector:Notify:RetryMaxDelay: must not be shorter than Collector:Notify:RetryMinDelay (00:00:30)")]
    [InlineData("MaxAttempts", "0", "Collector:Notify:MaxAttempts")]
    [InlineData("PollInterval", "00:00:00", "Collector:Notify:PollInterval")]
    public void Bad_setting_is_named(string key, string? value, string expected)
    {
        var failures = Failures(s =>
        {
            if (value is null)
            {
                s.Remove($"{P}:{key}");
            }
            else
            {
                s[$"{P}:{key}"] = value;
            }
        });

        Assert.Contains(failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_smtp_section_names_the_host()
    {
        var failures = Failures(s =>
        {
            foreach (var key in s.Keys.Where(k => k.Contains(":Smtp:", StringComparison.Ordinal)).ToList())
            {
                s.Remove(key);
            }
        });

        Assert.Equal(["Collector:Notify:Channels:0:Smtp:Host: is required for an email channel"], failures);
    }

    [Fact]
    public void Password_is_never_echoed()
    {
        var failures = Failures(s =>
        {
            s[$"{P}:Channels:0:Smtp:Host"] = "";
            s[$"{P}:Channels:0:Smtp:Password"] = "hunter2-secret";
        });

        Assert.DoesNotContain(failures, f => f.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collector_does_not_start_with_a_bad_notify_setting()
    {
        using var data = new TempDirectory("bh-notify");
        var (app, _, _) = TestCollector.Build(data, s => new NotifySettings()
            .Webhook("psa", new Uri("https://psa.example/hook"))
            .Route("*", "Warning", "psa", "pager")
            .ApplyTo(s));
        await using (app)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains("Collector:Notify:Routes:0:Channels:1: 'pager' is not a channel in Collector:Notify:Channels", error.Failures);
        }
    }
}
