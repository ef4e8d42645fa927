using Microsoft.AspNetCore.Http;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Keeps users limited to some customers inside them on the JSON API: an endpoint that filters what it
/// returns by the user's customers carries <see cref="CustomerScopedMetadata"/>; every other endpoint answers such a
/// user 403, so nothing of another customer can leak through an endpoint that does not know about limits.</summary>
internal sealed class CustomerLimitFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (UserAccess.Of(http.User) is { IsLimited: true }
            && http.GetEndpoint()?.Metadata.GetMetadata<CustomerScopedMetadata>() is null)
        {
            return ValueTask.FromResult<object?>(Results.Problem(
                "this account is limited to some customers; this endpoint is only for accounts that see every customer",
                statusCode: StatusCodes.Status403Forbidden));
        }

        return next(context);
    }
}

/// <summary>Marks an endpoint that itself filters its answer by the user's customers.</summary>
internal sealed class CustomerScopedMetadata
{
    public static readonly CustomerScopedMetadata Instance = new();
}
