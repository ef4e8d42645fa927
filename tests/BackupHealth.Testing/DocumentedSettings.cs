using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace BackupHealth.Testing;

/// <summary>The settings the documentation shows: every JSON block of every README and docs/*.md is an agent or a
/// collector settings example, an API or wire example (all its names in camelCase), or marked right before its fence:
/// <list type="bullet">
/// <item><c>&lt;!-- docs-test: at Collector:Notify:Channels:0 --&gt;</c> — a fragment: the value at that key, checked
/// as part of a whole file;</item>
/// <item><c>&lt;!-- docs-test: at Collector:Notify:Channels:0 partial --&gt;</c> — a fragment too incomplete to
/// validate: only its keys are checked;</item>
/// <item><c>&lt;!-- docs-test: not settings --&gt;</c> — not settings at all.</item>
/// </list>
/// Besides the blocks, every setting named in the text (<c>Collector:WebUrl</c>, <c>Agent__Token</c>,
/// <c>--Collector:DataPath=…</c>) is a <see cref="Mention"/>.</summary>
public static partial class DocumentedSettings
{
    public const string NotSettings = "not settings";

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The examples of <paramref name="owner"/>'s settings.</summary>
    public static IReadOnlyList<SettingsExample> Examples(SettingsOwner owner) =>
        [.. Classify().Examples.Where(example => example.Owner == owner)];

    /// <summary>JSON blocks that are none of the kinds above, or marks that do not read: each a line to fix.</summary>
    public static IReadOnlyList<string> Problems() => Classify().Problems;

    /// <summary>Fails listing every problem, one a line (an empty list passes).</summary>
    public static void AssertNone(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Xunit.Assert.True(list.Count == 0, $"{list.Count} problem(s) in the documentation:\n" + string.Join('\n', list));
    }

    /// <summary>The leaf keys of an example as the configuration system reads its JSON, e.g. <c>Probes:0:Path</c>.</summary>
    public static IReadOnlyList<string> Keys(SettingsExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(example.Json));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        return [.. configuration.AsEnumerable().Where(pair => pair.Value is not null).Select(pair => pair.Key).Order(StringComparer.Ordinal)];
    }

    /// <summary>Every setting the documentation names in its text and commands, as a key with <c>:</c>; placeholders
    /// (<c>N</c>, <c>&lt;Rule&gt;</c>, <c>…</c>) read as <see cref="SettingsKeys.Any"/>.</summary>
    public static IReadOnlyList<Mention> Mentions(string root) =>
        [.. Find(SettingName()).Where(m => m.Key.StartsWith(root + ":", StringComparison.Ordinal) || m.Key.StartsWith(root + "__", StringComparison.Ordinal))
            .Select(m => m with { Key = ToKey(m.Key) })];

    /// <summary>Every match of <paramref name="pattern"/> in the documentation's text, with where it is.</summary>
    public static IReadOnlyList<Mention> Find(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return [.. MarkdownCodeBlocks.DocumentationFiles().SelectMany(file => File.ReadAllLines(Path.Combine(MarkdownCodeBlocks.RepositoryRoot(), file))
            .SelectMany((line, i) => pattern.Matches(line).Select(match => new Mention(file, i + 1, match.Value))))];
    }

    private static string ToKey(string written)
    {
        var parts = written.Replace("__", ":", StringComparison.Ordinal).Split(':');
        return string.Join(':', parts.Select(part => Placeholder().IsMatch(part) ? SettingsKeys.Any : part));
    }

    private static (List<SettingsExample> Examples, List<string> Problems) Classify()
    {
        var examples = new List<SettingsExample>();
        var problems = new List<string>();
        foreach (var block in MarkdownCodeBlocks.All().Where(b => b.Language == "json"))
        {
            if (block.Mark == NotSettings)
            {
                continue;
            }

            JsonNode? node;
            try
            {
                var text = block.Text.TrimStart().StartsWith('"') ? "{" + block.Text + "}" : block.Text;
                node = JsonNode.Parse(text, documentOptions: Lenient);
            }
            catch (JsonException ex)
            {
                problems.Add($"{block}: not valid JSON ({ex.Message}); fix it or mark it <!-- docs-test: {NotSettings} -->");
                continue;
            }

            if (block.Mark is { } mark)
            {
                AddMarked(block, mark, node, examples, problems);
            }
            else if (OwnerOf(node) is { } owner)
            {
                examples.Add(new SettingsExample(block, owner, node!.ToJsonString(), Partial: false));
            }
            else if (!IsCamelCase(node))
            {
                problems.Add($"{block}: a JSON block with settings-like names that is neither a whole agent file (Agent, Probes) nor a "
                    + "whole collector file (Collector): mark where it belongs, e.g. <!-- docs-test: at Collector:Notify:Channels:0 -->");
            }
        }

        return (examples, problems);
    }

    private static void AddMarked(MarkdownCodeBlock block, string mark, JsonNode? node, List<SettingsExample> examples, List<string> problems)
    {
        var words = mark.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var partial = words.Length == 3 && words[2] == "partial";
        if (words.Length is < 2 or > 3 || words[0] != "at" || (words.Length == 3 && !partial))
        {
            problems.Add($"{block}: the mark '{mark}' reads neither 'at <key> [partial]' nor '{NotSettings}'");
            return;
        }

        var path = SettingsKeys.Split(words[1]);
        foreach (var part in path.Reverse())
        {
            node = part == "0" ? new JsonArray(node) : new JsonObject { [part] = node };
        }

        if (OwnerOf(node) is { } owner)
        {
            examples.Add(new SettingsExample(block, owner, node!.ToJsonString(), partial));
        }
        else
        {
            problems.Add($"{block}: '{words[1]}' is not below Agent, Probes or Collector (only index 0 is supported)");
        }
    }

    private static SettingsOwner? OwnerOf(JsonNode? node)
    {
        if (node is not JsonObject root)
        {
            return null;
        }

        var names = root.Select(p => p.Key).ToList();
        bool Has(string name) => names.Contains(name, StringComparer.OrdinalIgnoreCase);
        return (Has("Agent") || Has("Probes"), Has("Collector")) switch
        {
            (true, false) => SettingsOwner.Agent,
            (false, true) => SettingsOwner.Collector,
            _ => null,
        };
    }

    /// <summary>An API response, request body or payload: the JSON API and the wire formats name everything in
    /// camelCase, settings in PascalCase.</summary>
    private static bool IsCamelCase(JsonNode? node) => node switch
    {
        JsonObject o => o.All(p => char.IsLower(p.Key[0]) && IsCamelCase(p.Value)),
        JsonArray a => a.All(IsCamelCase),
        _ => true,
    };

    // Agent:Token, Collector__Sites__0__Customer, Probes:N:Type, Collector:Alerts:Rules:<Rule>:Enabled, Collector:WebUrl's
    [GeneratedRegex(@"(?<![\w-])(?<root>Agent|Collector|Probes)(?:(?::|__)(?:[A-Za-z0-9]+|<[^>\s]+>|…|\*))+")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"^(?:N|n|<.*>|…|\*|\d+)$")]
    private static partial Regex Placeholder();
}
