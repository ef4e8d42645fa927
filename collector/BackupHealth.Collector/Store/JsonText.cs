using System.Buffers;
using System.Text;
using System.Text.Json;
using BackupHealth.Contracts.V1;
using Google.Protobuf.Collections;

namespace BackupHealth.Collector.Store;

/// <summary>The small JSON documents kept in text columns (attributes, configured probes), written without
/// reflection because they sit on the ingest hot path. One buffer and writer per thread are reused.</summary>
internal static class JsonText
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string? Attributes(MapField<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return null;
        }

        return Write(writer =>
        {
            writer.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                WriteText(writer, key, value);
            }

            writer.WriteEndObject();
        });
    }

    /// <summary>The same document as <see cref="Attributes"/>, as UTF-8 in the thread's reused buffer: valid only
    /// until the next call on this thread. Empty when there are no attributes (stored as NULL).</summary>
    public static ReadOnlySpan<byte> AttributesUtf8(MapField<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return default;
        }

        var writer = Start(out var buffer);
        writer.WriteStartObject();
        foreach (var (key, value) in attributes)
        {
            WriteText(writer, key, value);
        }

        writer.WriteEndObject();
        writer.Flush();
        return buffer.WrittenSpan;
    }

    /// <summary>Reads back what <see cref="Attributes"/> wrote; empty for NULL.</summary>
    public static IReadOnlyDictionary<string, string> ReadTexts(string? json)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null)
        {
            return texts;
        }

        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            texts[property.Name] = property.Value.GetString() ?? "";
        }

        return texts;
    }

    public static string Probes(RepeatedField<ConfiguredProbe> probes) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var probe in probes)
        {
            writer.WriteStartObject();
            writer.WriteString("name", probe.Name);
            writer.WriteString("type", probe.Type);
            if (probe.Interval is not null)
            {
                writer.WriteNumber("intervalSeconds", probe.Interval.Seconds);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    });

    /// <summary>Attribute maps come from agents: they are stored without <see cref="BidiControls"/>, cleaned here,
    /// where each is encoded anyway, rather than in <see cref="AgentText"/>, which would walk them once more.</summary>
    private static void WriteText(Utf8JsonWriter writer, string key, string value) =>
        writer.WriteString(BidiControls.Strip(key), BidiControls.Strip(value));

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var writer = Start(out var buffer);
        write(writer);
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Utf8JsonWriter Start(out ArrayBufferWriter<byte> buffer)
    {
        buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        return writer;
    }
}
