using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Notify.Channels;
using BackupHealth.Collector.Notify.Links;
using BackupHealth.Testing;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>The payload docs/notifications.md shows is the one the collector posts: it reads as the payload, with no
/// field the code does not have, and names every field the code writes; the fields table names them all.</summary>
public sealed class WebhookPayloadDocsTests
{
    private const string Doc = "docs/notifications.md";
    private const string Section = "## The generic webhook payload";

    [Fact]
    public void The_documented_payload_reads_as_the_payload_and_names_every_field_the_collector_writes()
    {
        var example = Example();
        var strict = new JsonSerializerOptions(NotifyJsonContext.Default.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

        var documented = JsonSerializer.Deserialize(example.Text, (JsonTypeInfo<WebhookPayload>)strict.GetTypeInfo(typeof(WebhookPayload)));

        Assert.NotNull(documented);
        Assert.Equal(WebhookPayload.CurrentVersion, documented.Version);
        Assert.Contains(documented.Alerts, a => a.LastRuns.Count > 0);
        var written = Fields(JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(Written(), NotifyJsonContext.Default.WebhookPayload)));
        var shown = Fields(JsonNode.Parse(example.Text));
        Assert.Empty(written.Except(shown));
        Assert.Empty(shown.Except(written));
    }

    [Fact]
    public void The_fields_table_names_every_field()
    {
        var text = File.ReadAllText(Path.Combine(MarkdownCodeBlocks.RepositoryRoot(), Doc));
        var section = text[text.IndexOf(Section, StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", Section.Length, StringComparison.Ordinal)];
        var rows = string.Join('\n', section.Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)));

        var names = Fields(JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(Written(), NotifyJsonContext.Default.WebhookPayload)))
            .Select(path => path.Split('.')[^1]).Where(name => name is not "version" and not "alerts").Distinct();

        Assert.All(names, name => Assert.True(rows.Contains($"`{name}`", StringComparison.Ordinal) || rows.Contains($".{name}`", StringComparison.Ordinal),
            $"no row of the fields table names `{name}`"));
    }

    /// <summary>The first JSON block of the payload section: the whole payload.</summary>
    private static MarkdownCodeBlock Example()
    {
        var lines = File.ReadAllLines(Path.Combine(MarkdownCodeBlocks.RepositoryRoot(), Doc));
        var heading = Array.IndexOf(lines, Section) + 1;
        Assert.True(heading > 0, $"{Doc} has no '{Section}'");
        return MarkdownCodeBlocks.Read(Doc).First(b => b.Line > heading && b.Language == "json");
    }

    /// <summary>A payload with every kind of value: an alert with runs, links, a job.</summary>
    private static WebhookPayload Written()
    {
        var context = new MessageContext(new NotificationLinks("https://backups.example.com/"), new CustomerTimeZones(TimeZoneInfo.Utc), () => Task.FromResult("0a1b2c3d4e5f"));
        return WebhookPayload.From(new Delivery(42, Contoso(1, ChatSamples.Job(7))), context, "0a1b2c3d4e5f");
    }

    /// <summary>Every field as a path: <c>alerts[].lastRuns[].status</c>.</summary>
    private static HashSet<string> Fields(JsonNode? node, string path = "")
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    var field = path.Length == 0 ? name : $"{path}.{name}";
                    fields.Add(field);
                    fields.UnionWith(Fields(value, field));
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    fields.UnionWith(Fields(item, path + "[]"));
                }

                break;
        }

        return fields;
    }
}
