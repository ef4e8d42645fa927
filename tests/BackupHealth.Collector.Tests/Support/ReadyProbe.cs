using System.Net;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>What a load balancer sees at <c>/health/ready</c>.</summary>
internal static class ReadyProbe
{
    public static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient anonymous)
    {
        ArgumentNullException.ThrowIfNull(anonymous);
        using var response = await anonymous.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
