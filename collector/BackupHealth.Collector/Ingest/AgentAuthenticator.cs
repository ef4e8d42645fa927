using System.Globalization;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Store;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Ingest;

/// <summary>Finds the site an ingest stream belongs to from its <c>authorization: Bearer &lt;token&gt;</c> header.
/// The site always comes from here, never from anything the agent says. An address that failed too often
/// (<see cref="AgentAuthFailures"/>) is refused before its token is looked at.</summary>
internal sealed class AgentAuthenticator(CollectorQueries queries, AgentAuthFailures failures, ILogger<AgentAuthenticator> logger)
{
    private const string Scheme = "Bearer ";

    /// <exception cref="RpcException">ResourceExhausted, when the address has used up its failed attempts;
    /// Unauthenticated, when the token is missing, unknown or revoked.</exception>
    public async Task<SiteIdentity> AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = AddressKey.Of(context.GetHttpContext().Connection.RemoteIpAddress);
        if (failures.Window.RetryAfter(address) is { } wait)
        {
            throw IngestErrors.AddressBlocked(Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }

        var header = context.RequestHeaders.GetValue("authorization");
        if (header is null || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw Failed(address, "missing agent token: send 'authorization: Bearer <token>'");
        }

        var token = header[Scheme.Length..].Trim();
        return await queries.FindSiteByTokenHashAsync(TokenHash.Of(token), context.CancellationToken)
            ?? throw Failed(address, "unknown or revoked agent token");
    }

    private RpcException Failed(string address, string detail)
    {
        if (failures.Window.Record(address))
        {
            Log.AgentAddressBlocked(logger, address, failures.Window.Limit, failures.Window.Window);
        }

        return new RpcException(new Status(StatusCode.Unauthenticated, detail));
    }
}
