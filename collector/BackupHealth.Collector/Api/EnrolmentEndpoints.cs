using System.Globalization;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tls;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Api;

/// <summary><c>/api/v1/enrolment-tokens</c> (make, list, revoke) and <c>/api/v1/agents/{id}/revoke</c>, for admins and
/// technicians; a technician limited to customers works only on theirs.</summary>
internal static class EnrolmentEndpoints
{
    public static void MapEnrolmentApi(this IEndpointRouteBuilder web)
    {
        var tokens = web.MapGroup("/api/v1/enrolment-tokens").RequireAuthorization(Policies.WorkAlerts).WithMetadata(CustomerScopedMetadata.Instance);
        tokens.MapPost("", CreateAsync);
        tokens.MapGet("", ListAsync);
        tokens.MapDelete("/{id:long}", RevokeAsync);
        web.MapPost("/api/v1/agents/{id:long}/revoke", RevokeAgentAsync).RequireAuthorization(Policies.WorkAlerts).WithMetadata(CustomerScopedMetadata.Instance);
    }

    private static async Task<Results<Ok<CreatedEnrolmentTokenDto>, NotFound, ProblemHttpResult>> CreateAsync(
        EnrolmentTokenRequest? request, ICollectorReads queries, EnrolmentTokens store, IOptions<EnrolmentOptions> options,
        CollectorEndpoints endpoints, ServerCertificates certificates, IAuditLog audit, HttpContext http, CancellationToken cancellationToken)
    {
        var access = UserAccess.Of(http.User)!;
        var defaults = options.Value;
        var name = request?.Name?.Trim() ?? "";
        var lifetime = request?.ExpiresIn ?? defaults.TokenLifetime;
        var uses = request?.MaxUses ?? defaults.TokenUses;
        var problem = EnrolmentTokens.CheckName(name)
            ?? (lifetime < TimeSpan.FromMinutes(5) || lifetime > TimeSpan.FromDays(30) ? "expiresIn must be between 00:05:00 and 30.00:00:00" : null)
            ?? (uses is < 1 or > 1000 ? "maxUses must be between 1 and 1000" : null);
        if (problem is not null)
        {
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
        }

        var sites = await queries.GetSitesAsync(cancellationToken);
        if (sites.FirstOrDefault(s => s.Customer == request?.Customer && s.Site == request?.Site) is not { } site || !access.MaySee(site.Customer))
        {
            return TypedResults.NotFound();
        }

        var url = CollectorAddress.For(endpoints, http);
        var pin = url.Scheme == Uri.UriSchemeHttps ? certificates.Pin : null;
        var created = await store.CreateAsync(site.Id, name, access.Username, lifetime, uses, url, pin);
        if (created is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        await audit.RecordAsync(http, AuditActions.EnrolmentTokenCreated, AuditTargets.EnrolmentToken(created.Id), site.Customer,
            $"'{name}' for site {site.Site}, {uses} use(s) until {created.Expires.UtcDateTime:u}");
        return TypedResults.Ok(new CreatedEnrolmentTokenDto(created.Id, created.Text, url.ToString().TrimEnd('/'), pin, created.Expires.UtcDateTime, created.MaxUses));
    }

    private static async Task<Ok<IReadOnlyList<EnrolmentTokenDto>>> ListAsync(
        EnrolmentTokens store, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var access = UserAccess.Of(http.User)!;
        var now = time.GetUtcNow().UtcDateTime;
        IReadOnlyList<EnrolmentTokenDto> list = [.. (await store.ListAsync(cancellationToken)).Where(t => access.MaySee(t.Customer)).Select(t => new EnrolmentTokenDto(
            t.Id, t.Customer, t.Site, t.Name, t.CreatedBy, t.Created, t.Expires, t.MaxUses, t.Uses, t.LastUsed, t.Revoked, t.State(now)))];
        return TypedResults.Ok(list);
    }

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(
        long id, EnrolmentTokens store, IAuditLog audit, HttpContext http, CancellationToken cancellationToken)
    {
        var access = UserAccess.Of(http.User)!;
        var token = (await store.ListAsync(cancellationToken)).FirstOrDefault(t => t.Id == id);
        if (token is null || !access.MaySee(token.Customer) || !await store.RevokeAsync(id))
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(http, AuditActions.EnrolmentTokenRevoked, AuditTargets.EnrolmentToken(id), token.Customer, $"'{token.Name}' for site {token.Site}");
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<AgentRevokedDto>, NotFound>> RevokeAgentAsync(
        long id, ICollectorReads queries, AgentRevocation revocation, HttpContext http, CancellationToken cancellationToken)
    {
        var access = UserAccess.Of(http.User)!;
        var agent = (await queries.GetAgentsAsync(cancellationToken)).FirstOrDefault(a => a.Id == id);
        if (agent is null || !access.MaySee(agent.Customer))
        {
            return TypedResults.NotFound();
        }

        var (revoked, ended) = await revocation.RevokeAsync(agent, http);
        return TypedResults.Ok(new AgentRevokedDto(agent.Id, agent.AgentKey, agent.Customer, agent.Site, revoked, ended));
    }
}
