using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Telemetry.Prometheus;

/// <summary>The Prometheus scrape configuration and alert rules exactly as docs/telemetry.md shows them: each block
/// begins with a comment naming its file.</summary>
internal static class DocumentedPrometheus
{
    public const string Document = "docs/telemetry.md";
    public const string RulesFileName = "backuphealth-rules.yml";
    public const string Package = "prometheus";

    public static string ScrapeConfig => Block("prometheus.yml");

    public static string Rules => Block(RulesFileName);

    /// <summary>Writes the documented rules and this project's promtool unit tests for them into <paramref name="folder"/>.</summary>
    public static string WriteRulesWithTests(TempDirectory folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        File.WriteAllText(folder.Combine(RulesFileName), Rules);
        const string tests = "backuphealth-rules.test.yml";
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Telemetry", "Prometheus", tests), folder.Combine(tests));
        return tests;
    }

    private static string Block(string fileName) =>
        MarkdownCodeBlocks.Read(Document).SingleOrDefault(b => b.Language == "yaml" && b.Text.StartsWith($"# {fileName}\n", StringComparison.Ordinal))?.Text
        ?? throw new InvalidOperationException($"{Document} has no yaml block beginning with '# {fileName}'");
}
