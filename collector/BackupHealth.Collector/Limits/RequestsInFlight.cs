using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Limits;

/// <summary>Tells <see cref="IdleConnections"/> which connections have a request in flight; first in the pipeline.</summary>
internal sealed class RequestsInFlight(RequestDelegate next, IdleConnections connections)
{
    public Task InvokeAsync(HttpContext context) => connections.TrackAsync(context, next);
}
