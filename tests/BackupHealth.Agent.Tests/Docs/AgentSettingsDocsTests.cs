using System.Text.Json.Nodes;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Telemetry;
using BackupHealth.Testing;
using Microsoft.Extensions.Configuration;

namespace BackupHealth.Agent.Tests.Docs;

/// <summary>Every agent settings example in the READMEs and docs/*.md (the agent's own, each probe's sample) is read
/// by the agent's own configuration binding and validated as <c>run</c> validates its file, and every agent setting
/// the text names exists, so a renamed or removed setting fails here instead of on a customer's host.</summary>
public sealed partial class AgentSettingsDocsTests
{
    /// <summary>What <c>run</c> needs that a probe README's sample leaves to the agent's own section.</summary>
    private const string Token = "bha_docs-example-token";

    private static readonly (string Section, Type Options)[] AgentSections =
    [
        (AgentOptions.SectionName, typeof(AgentOptions)),
        (AgentTelemetryOptions.SectionName, typeof(AgentTelemetryOptions)),
    ];

    [Fact]
    public void Agent_settings_examples_name_only_settings_the_agent_binds()
    {
        var examples = DocumentedSettings.Examples(SettingsOwner.Agent);

        var unknown = examples.SelectMany(example =>
        {
            var sections = AgentSections.Concat(ProbeSections(example)).ToList();
            return DocumentedSettings.Keys(example).Where(key => !SettingsKeys.Resolves(sections, key)).Select(key => $"{example}: {key}");
        });

        Assert.NotEmpty(examples);
        DocumentedSettings.AssertNone(unknown);
    }

    [Fact]
    public void Agent_settings_examples_pass_the_agents_own_validation()
    {
        var problems = DocumentedSettings.Examples(SettingsOwner.Agent)
            .Where(example => !example.Partial)
            .SelectMany(example =>
            {
                var json = WithAgentSection(example.Json);
                return Validate(json).Where(problem => !IsAboutTheHostOrAPlaceholder(problem, Read(json))).Select(problem => $"{example}: {problem}");
            });

        DocumentedSettings.AssertNone(problems);
    }

    [Fact]
    public void Agent_settings_named_in_the_docs_exist()
    {
        var probes = ProbeRegistry.Default.KnownTypes.Select(type => ("Probes:*", OptionsType(type)!));
        var sections = AgentSections.Concat(probes).ToList();

        var unknown = new[] { AgentOptions.SectionName, ProbeCatalog.SectionName }
            .SelectMany(DocumentedSettings.Mentions)
            .Where(mention => !SettingsKeys.Resolves(sections, mention.Key));

        DocumentedSettings.AssertNone(unknown.Select(mention => mention.ToString()));
    }

    /// <summary>The collector serves https (with its own certificate when none is configured) and the agent refuses
    /// http:// unless <c>Agent:AllowInsecureHttp</c>, so an example or an <c>install --collector-url</c> command with
    /// http:// would give an agent that does not start.</summary>
    [Fact]
    public void Collector_urls_in_the_docs_are_https_which_the_collector_serves()
    {
        var inExamples = DocumentedSettings.Examples(SettingsOwner.Agent)
            .Select(example => new Mention(example.Block.File, example.Block.Line, Read(example.Json)["Agent:CollectorUrl"] ?? "https:"));
        var inCommands = DocumentedSettings.Find(CollectorUrlOption()).Select(m => m with { Key = m.Key.Split(' ', 2)[1] });

        var urls = inExamples.Concat(inCommands).ToList();

        Assert.Contains(urls, url => url.File == "docs/install.md" && url.Key.StartsWith("https://", StringComparison.Ordinal));
        DocumentedSettings.AssertNone(urls.Where(url => !url.Key.StartsWith("https:", StringComparison.Ordinal)).Select(url => url.ToString()));
    }

    [Fact]
    public void Validation_here_reports_a_missing_token_and_the_key_check_a_renamed_probe_setting()
    {
        var problems = Validate("""{ "Agent": { "CollectorUrl": "https://collector:5180" }, "Probes": [ { "Type": "files", "Name": "n", "Path": "/srv" } ] }""");
        var sections = AgentSections.Concat([("Probes:0", OptionsType("files")!)]).ToList();

        Assert.Contains(problems, problem => problem.StartsWith("Agent:Token:", StringComparison.Ordinal));
        Assert.True(SettingsKeys.Resolves(sections, "Probes:0:MinSizeBytes"));
        Assert.False(SettingsKeys.Resolves(sections, "Probes:0:MinimumSizeBytes"));
        Assert.False(SettingsKeys.Resolves(sections, "Agent:StaleAfter"));
    }

    /// <summary>A problem this machine has with an example written for another host, or with a value the reader fills
    /// in: a file the example names that is not here (a password file, the collector's CA file in /etc), a Windows-only
    /// probe or a Windows path when this is not Windows, or an elided value (<c>3F:7A:…:C1</c>, <c>bha_…</c>).</summary>
    private static bool IsAboutTheHostOrAPlaceholder(string problem, IConfiguration example)
    {
        var key = problem[..Math.Max(0, problem.IndexOf(": ", StringComparison.Ordinal))];
        var value = example[key] ?? "";
        return value.Contains('…', StringComparison.Ordinal) || value.Contains("...", StringComparison.Ordinal)
            || problem.EndsWith("does not exist or cannot be seen by this account", StringComparison.Ordinal)
            || (value.Length > 0 && problem.EndsWith($": {value} does not exist", StringComparison.Ordinal))
            || (!OperatingSystem.IsWindows() && (problem.Contains("runs only on Windows", StringComparison.Ordinal) || WindowsPath().IsMatch(value)));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"--collector-url [a-z]+://\S+")]
    private static partial System.Text.RegularExpressions.Regex CollectorUrlOption();

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z]:\\")]
    private static partial System.Text.RegularExpressions.Regex WindowsPath();

    /// <summary>Each probe of the example as a section of its type's options, e.g. <c>Probes:0</c> → the files probe's.</summary>
    private static IEnumerable<(string, Type)> ProbeSections(SettingsExample example)
    {
        var configuration = Read(example.Json);
        return configuration.GetSection(ProbeCatalog.SectionName).GetChildren()
            .Select(probe => (probe.Path, OptionsType(probe["Type"] ?? "")))
            .Where(probe => probe.Item2 is not null)
            .Select(probe => (probe.Path, probe.Item2!));
    }

    private static Type? OptionsType(string probeType) =>
        ProbeRegistry.Default.Find(probeType)?.Bind(new ConfigurationBuilder().Build().GetSection("none")).GetType();

    /// <summary>A probe README shows only <c>Probes</c>; the file it goes into has the agent's own section too.</summary>
    private static string WithAgentSection(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root.TryAdd(AgentOptions.SectionName, new JsonObject { ["Token"] = Token });
        return root.ToJsonString();
    }

    /// <summary>The problems <c>run</c> finds in <paramref name="json"/> as its <c>--config</c> file.</summary>
    private static IReadOnlyList<string> Validate(string json)
    {
        using var folder = new TempDirectory("bh-docs");
        var file = folder.Combine("agent.json");
        File.WriteAllText(file, json);
        var builder = AgentHostFactory.CreateBuilder(new AgentCommandLine(AgentVerb.Run, file));
        builder.Services.AddAgentTelemetry(builder.Configuration);
        try
        {
            using var host = builder.Build();
            return ConfigurationErrors.Find(host.Services);
        }
        catch (AgentConfigurationException ex)
        {
            return ex.Errors;
        }
    }

    private static IConfigurationRoot Read(string json) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();
}
