using BackupHealth.Collector.Hosting;
using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Enrolment;

/// <summary>The collector's gRPC address as an agent should be told it.</summary>
internal static class CollectorAddress
{
    /// <summary>The gRPC port under the name this request reached the collector by: where it listens (often 0.0.0.0) is
    /// not an address an agent can use.</summary>
    public static Uri For(CollectorEndpoints endpoints, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(http);
        var grpc = endpoints.Grpc;
        return new UriBuilder(grpc.Scheme, http.Request.Host.Host, grpc.Port).Uri;
    }
}
