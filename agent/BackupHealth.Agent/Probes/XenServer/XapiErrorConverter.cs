using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupHealth.Agent.Probes.XenServer;

/// <summary>Reads an XAPI error in either JSON-RPC shape: 2.0 <c>{"code": 1, "message": "CODE", "data": [...]}</c> or
/// 1.0 <c>["CODE", param, ...]</c>.</summary>
internal sealed class XapiErrorConverter : JsonConverter<XapiError>
{
    public override XapiError? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Array => FromList(root.EnumerateArray().Select(Text).ToList()),
            JsonValueKind.Object => new XapiError(
                root.TryGetProperty("message", out var message) ? Text(message) : "UNKNOWN_ERROR",
                root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().Select(Text).ToList() : []),
            _ => new XapiError(Text(root), []),
        };
    }

    public override void Write(Utf8JsonWriter writer, XapiError value, JsonSerializerOptions options) =>
        throw new NotSupportedException("XAPI errors are only read");

    private static XapiError FromList(List<string> items) =>
        items.Count == 0 ? new XapiError("UNKNOWN_ERROR", []) : new XapiError(items[0], items[1..]);

    private static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString() ?? "" : element.GetRawText();
}
