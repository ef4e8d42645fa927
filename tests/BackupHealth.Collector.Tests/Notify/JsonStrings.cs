using System.Text.Json;

namespace BackupHealth.Collector.Tests.Notify;

internal static class JsonStrings
{
    /// <summary>Every string value in a JSON document.</summary>
    public static IEnumerable<string> All(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => All(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(All),
        _ => [],
    };
}
