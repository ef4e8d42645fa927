using System.Net.Http.Json;
using System.Text.Json;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>Evaluates the alert rules through the API and reads the alerts back, as a client would.</summary>
internal static class AlertsApi
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static async Task<List<AlertView>> EvaluateAsync(HttpClient http)
    {
        using (var evaluate = await http.PostAsync(new Uri("/api/v1/alerts/evaluate", UriKind.Relative), null))
        {
            evaluate.EnsureSuccessStatusCode();
        }

        return (await http.GetFromJsonAsync<List<AlertView>>(new Uri("/api/v1/alerts", UriKind.Relative), JsonOptions))!;
    }
}

internal sealed record AlertView(string Rule, string Title, string Detail, string State, string Severity);
