using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

/// <summary>Proxmox booleans: Perl sends <c>0</c>/<c>1</c>, Rust <c>true</c>/<c>false</c>, some paths text.</summary>
internal sealed class ProxmoxFlagConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False or JsonTokenType.Null => false,
        JsonTokenType.Number => reader.TryGetInt64(out var n) ? n != 0 : reader.GetDouble() != 0,
        JsonTokenType.String => reader.GetString() is { } s && (s == "1" || s.Equals("true", StringComparison.OrdinalIgnoreCase)),
        _ => throw new JsonException($"expected a flag, found {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteBooleanValue(value);
    }
}
