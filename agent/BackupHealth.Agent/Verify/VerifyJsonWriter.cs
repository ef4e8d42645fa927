using System.Text;
using System.Text.Json;
using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Verify;

/// <summary>The verdict as one JSON object, written with Utf8JsonWriter (no reflection).</summary>
/// <example><c>{"file":"web01.xva","verdict":"FAILED","passed":false,"exitCode":2,"reason":"disk Ref:3, chunk ...",
/// "summary":"...","vmName":"web01","vmUuid":"...","compression":"zstd","hashAlgorithm":"xxhash","chunks":42,
/// "keepAliveChunks":0,"bytesRead":1234,"bytesVerified":5678,"elapsedSeconds":1.2,"unstreamedVdis":1,
/// "disks":[{"id":"Ref:3","name":"root","virtualSize":8589934592,"chunks":40,"dataBytes":41943040,"rebuiltSize":8589934592}]}</c></example>
internal static class VerifyJsonWriter
{
    public static void Write(TextWriter output, string path, XvaVerification result, int exitCode)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", path);
            json.WriteString("verdict", result.Passed ? "PASSED" : "FAILED");
            json.WriteBoolean("passed", result.Passed);
            json.WriteNumber("exitCode", exitCode);
            json.WriteString("reason", result.Reason);
            json.WriteString("summary", result.Summary);
            json.WriteString("vmName", result.VmName);
            json.WriteString("vmUuid", result.VmUuid);
            json.WriteString("compression", result.Compression);
            json.WriteString("hashAlgorithm", result.HashAlgorithm);
            json.WriteNumber("chunks", result.Chunks);
            json.WriteNumber("keepAliveChunks", result.KeepAliveChunks);
            json.WriteNumber("bytesRead", result.BytesRead);
            json.WriteNumber("bytesVerified", result.BytesVerified);
            json.WriteNumber("elapsedSeconds", Math.Round(result.Elapsed.TotalSeconds, 3));
            json.WriteNumber("unstreamedVdis", result.UnstreamedVdis);
            json.WriteStartArray("disks");
            foreach (var disk in result.Disks)
            {
                json.WriteStartObject();
                json.WriteString("id", disk.Id);
                json.WriteString("name", disk.Name);
                json.WriteNumber("virtualSize", disk.VirtualSize);
                json.WriteNumber("chunks", disk.Chunks);
                json.WriteNumber("dataBytes", disk.DataBytes);
                json.WriteNumber("rebuiltSize", disk.RebuiltSize);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
