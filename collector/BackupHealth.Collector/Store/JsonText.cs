using System.Text;
using System.Text.Json;
using BackupHealth.Contracts.V1;
using Google.Protobuf.Collections;

namespace BackupHealth.Collector.Store;

/// <summary>The small JSON documents kept in text columns (attributes, configured probes), written without
/// reflection because they sit on the ingest hot path.</summary>
internal static class JsonText
{
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
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        });
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

    private static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
