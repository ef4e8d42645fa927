using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Hosting;

/// <summary>Middleware (after routing) that answers 404 when an endpoint is requested on the other listener: the
/// ingest service is not reachable on the web port, nor the page and API on the agents' port.</summary>
internal sealed class SurfaceGate(RequestDelegate next, CollectorEndpoints endpoints)
{
    public Task InvokeAsync(HttpContext context)
    {
        var wanted = context.GetEndpoint()?.Metadata.GetMetadata<SurfaceMetadata>()?.Surface;
        if (wanted is not null && endpoints.SurfaceOf(context.Connection.LocalPort) != wanted)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}

/// <summary>Endpoint metadata naming the listener an endpoint is served on.</summary>
internal sealed record SurfaceMetadata(Surface Surface);
