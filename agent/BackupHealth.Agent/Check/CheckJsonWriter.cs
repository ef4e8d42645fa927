using System.Text;
using System.Text.Json;
using BackupHealth.Contracts.V1;
using Google.Protobuf;

namespace BackupHealth.Agent.Check;

/// <summary>The check as one JSON object for scripts: the verdict, the observations (protobuf JSON, as the contract
/// defines them) and each probe's state.</summary>
/// <example><c>{"status":"CRITICAL","exitCode":2,"summary":"BACKUPHEALTH CRITICAL - ...","observations":[...],
/// "probes":[{"name":"nas-veeam","type":"files","state":"error","message":"..."}]}</c></example>
internal static class CheckJsonWriter
{
    public static void Write(TextWriter output, CheckReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status.ToString().ToUpperInvariant());
            json.WriteNumber("exitCode", report.ExitCode);
            json.WriteString("summary", report.Summary);
            json.WriteStartArray("observations");
            foreach (var observation in report.Probes.SelectMany(p => p.Result.Observations))
            {
                using var document = JsonDocument.Parse(JsonFormatter.Default.Format(observation));
                document.WriteTo(json);
            }

            json.WriteEndArray();
            json.WriteStartArray("probes");
            foreach (var probe in report.Probes)
            {
                json.WriteStartObject();
                json.WriteString("name", probe.Name);
                json.WriteString("type", probe.Type);
                json.WriteString("state", probe.Result.State == ProbeState.Ok ? "ok" : "error");
                json.WriteString("message", probe.Result.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
