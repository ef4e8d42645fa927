using BackupHealth.Collector.Store;
using Grpc.Core;

namespace BackupHealth.Collector.Ingest;

/// <summary>Finds the site an ingest stream belongs to from its <c>authorization: Bearer &lt;token&gt;</c> header.
/// The site always comes from here, never from anything the agent says.</summary>
internal sealed class AgentAuthenticator(CollectorQueries queries)
{
    private const string Scheme = "Bearer ";

    /// <exception cref="RpcException">Unauthenticated, when the token is missing, unknown or revoked.</exception>
    public async Task<SiteIdentity> AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "missing agent token: send 'authorization: Bearer <token>'"));
        }

        var token = header[Scheme.Length..].Trim();
        return await queries.FindSiteByTokenHashAsync(TokenHash.Of(token), context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown or revoked agent token"));
    }
}
