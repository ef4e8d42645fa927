using System.Text;
using System.Text.Json;
using BackupHealth.Contracts.V1;
using Google.Protobuf;

namespace BackupHealth.Agent.Check;

/// <summary>The check as one JSON object for scripts: the verdict, every observation (protobuf JSON, as the contract
/// defines them; monitoring tools may want the older runs too), each job's current state the verdict was judged on,
/// and each probe's state.</summary>
/// <example><c>{"status":"CRITICAL","exitCode":2,"summary":"BACKUPHEALTH CRITICAL - ...","observations":[...],
/// "jobs":[{"probe":"nas-veeam","jobKey":"nas-veeam","jobName":"Veeam to NAS","status":"FAILED",
/// "time":"2025-03-01T02:14:00Z","sizeBytes":0,"message":"...","runs":7}],
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
            foreach (var observation in report.Probes.SelectMany(p => p.Result.ForCheck))
            {
                using var document = JsonDocument.Parse(JsonFormatter.Default.Format(observation));
                document.WriteTo(json);
            }

            json.WriteEndArray();
            json.WriteStartArray("jobs");
            foreach (var job in report.Jobs)
            {
                WriteJob(json, job);
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

    /// <summary>A check that could not run: <c>{"status":"UNKNOWN","exitCode":3,"summary":"BACKUPHEALTH UNKNOWN - ...",
    /// "errors":["Probes:0:Path: ..."]}</c>.</summary>
    public static void WriteUnknown(TextWriter output, string summary, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("status", CheckStatus.Unknown.ToString().ToUpperInvariant());
            json.WriteNumber("exitCode", (int)CheckStatus.Unknown);
            json.WriteString("summary", summary);
            json.WriteStartArray("errors");
            foreach (var error in errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static void WriteJob(Utf8JsonWriter json, CheckedJob job)
    {
        json.WriteStartObject();
        json.WriteString("probe", job.ProbeName);
        json.WriteString("jobKey", job.Current.JobKey);
        json.WriteString("jobName", job.JobName);
        json.WriteString("status", RunStatusText.Of(job.Current.Status));
        if (job.Time is { } time)
        {
            // A UTC DateTime is written with a "Z", as the protobuf JSON of the observations writes its timestamps.
            json.WriteString("time", time.UtcDateTime);
        }
        else
        {
            json.WriteNull("time");
        }

        json.WriteNumber("sizeBytes", job.Current.SizeBytes);
        json.WriteString("message", job.Current.Message);
        json.WriteNumber("runs", job.Runs);
        json.WriteEndObject();
    }
}
