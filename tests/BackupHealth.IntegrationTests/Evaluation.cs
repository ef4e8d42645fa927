using System.Net.Http.Json;
using System.Text.Json;
using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>Runs an alert evaluation the way a test means it: on everything its agents sent. While an agent reports
/// a backlog its jobs are not judged (docs/alerts.md), so this waits until every agent has said its outbox is empty.</summary>
internal static class Evaluation
{
    public static async Task RunAsync(HttpClient api)
    {
        await Poll.UntilAsync(
            () => api.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/agents", UriKind.Relative)),
            agents => agents.EnumerateArray().All(a => a.GetProperty("outboxDepth") is var d && (d.ValueKind == JsonValueKind.Null || d.GetInt64() == 0)),
            "every agent reports an empty outbox");
        using var evaluate = await api.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null);
        evaluate.EnsureSuccessStatusCode();
    }
}
