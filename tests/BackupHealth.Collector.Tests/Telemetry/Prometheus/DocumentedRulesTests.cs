using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Telemetry.Prometheus;

/// <summary>The alert rules docs/telemetry.md tells users to load, checked and unit-tested by the real promtool.</summary>
public sealed class DocumentedRulesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Documented_rules_pass_promtool_check_rules()
    {
        using var folder = new TempDirectory("bh-promtool");
        File.WriteAllText(folder.Combine(DocumentedPrometheus.RulesFileName), DocumentedPrometheus.Rules);

        var result = await Promtool(folder, "check", "rules", DocumentedPrometheus.RulesFileName);

        Assert.True(result.ExitCode == 0, $"promtool check rules: {result}");
        Assert.Contains("SUCCESS: 7 rules found", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Documented_scrape_configuration_passes_promtool_check_config()
    {
        using var folder = new TempDirectory("bh-promtool");
        File.WriteAllText(folder.Combine(DocumentedPrometheus.RulesFileName), DocumentedPrometheus.Rules);
        File.WriteAllText(folder.Combine("backuphealth.token"), "bhu_token");
        File.WriteAllText(folder.Combine("ca.crt"), TestTls.Ca.ExportCertificatePem());
        File.WriteAllText(folder.Combine("prometheus.yml"), PrometheusServer.Configuration(
            new Uri("https://backuphealth.example.net:5080"), folder.Combine("backuphealth.token"), folder.Combine("ca.crt")));

        var result = await Promtool(folder, "check", "config", "prometheus.yml");

        Assert.True(result.ExitCode == 0, $"promtool check config: {result}");
    }

    /// <summary>Two overdue jobs on one agent, and the same agent and job key at another customer: each alert's
    /// description must give its own job's age (the rule once queried by the scrape job's <c>job</c> label and
    /// showed whichever job came first).</summary>
    [Fact]
    public async Task Documented_alert_texts_name_each_jobs_own_age_in_promtool_test_rules()
    {
        using var folder = new TempDirectory("bh-promtool");
        var tests = DocumentedPrometheus.WriteRulesWithTests(folder);

        var result = await Promtool(folder, "test", "rules", tests);

        Assert.True(result.ExitCode == 0, $"promtool test rules: {result}");
    }

    private static Task<ProgramResult> Promtool(TempDirectory folder, params string[] arguments) =>
        ExternalProgram.RunAsync("promtool", DocumentedPrometheus.Package, arguments, folder.Path, Timeout);
}
