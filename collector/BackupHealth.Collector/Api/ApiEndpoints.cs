using System.Security.Claims;
using System.Text.Json;
using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace BackupHealth.Collector.Api;

/// <summary>The read-only JSON API under <c>/api/v1</c>.</summary>
internal static class ApiEndpoints
{
    public const int DefaultRunLimit = 100;
    public const int MaxRunLimit = 1000;

    public static void MapCollectorApi(this IEndpointRouteBuilder web)
    {
        var api = web.MapGroup("/api/v1");
        api.MapGet("/agents", GetAgentsAsync).WithMetadata(CustomerScopedMetadata.Instance);
        api.MapGet("/jobs", GetJobsAsync).WithMetadata(CustomerScopedMetadata.Instance);
        api.MapGet("/jobs/{id:long}/runs", GetRunsAsync);
    }

    private static async Task<Ok<IReadOnlyList<AgentDto>>> GetAgentsAsync(ICollectorReads queries, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var agents = await queries.GetAgentsAsync(cancellationToken);
        var access = UserAccess.Of(user);
        return TypedResults.Ok<IReadOnlyList<AgentDto>>(agents.Where(a => access?.MaySee(a.Customer) ?? false).Select(a => new AgentDto(
            a.Id, a.AgentKey, a.Customer, a.Site, a.HostName, a.Os, a.Version, a.FirstSeen, a.LastSeen, a.Connected,
            a.OutboxDepth, a.Probes.Select(p => new ProbeDto(p.Name, p.Type, p.State, p.Message, p.LastRun, p.Details)).ToList())).ToList());
    }

    /// <summary><c>?customer=&amp;site=</c> match names exactly; <c>?status=</c> matches the health judged from the
    /// job's expectation (failed, missed, disabled, warning, running, ok).</summary>
    private static async Task<Results<Ok<IReadOnlyList<JobDto>>, ProblemHttpResult>> GetJobsAsync(
        ICollectorReads queries, JobAssessor assessor, string? customer, string? site, string? status, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        if (status is not null && !JobHealth.All.Contains(status))
        {
            return TypedResults.Problem($"status must be one of {string.Join(", ", JobHealth.All)}", statusCode: StatusCodes.Status400BadRequest);
        }

        var jobs = await queries.GetJobsAsync(Blank(customer), Blank(site), cancellationToken);
        var access = UserAccess.Of(user);
        var health = (await assessor.AssessAsync(null, cancellationToken)).ToDictionary(j => j.Job.JobId, j => j.Health);
        return TypedResults.Ok<IReadOnlyList<JobDto>>(jobs
            .Where(j => health.ContainsKey(j.Id) && (access?.MaySee(j.Customer) ?? false))
            .Select(j => ToDto(j, JobHealth.Name(health[j.Id])))
            .Where(j => status is null || j.Health == status)
            .ToList());
    }

    private static async Task<Results<Ok<IReadOnlyList<RunDto>>, NotFound, ProblemHttpResult>> GetRunsAsync(
        ICollectorReads queries, long id, int? limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxRunLimit)
        {
            return TypedResults.Problem($"limit must be between 1 and {MaxRunLimit}", statusCode: StatusCodes.Status400BadRequest);
        }

        var runs = await queries.GetRunsAsync(id, limit ?? DefaultRunLimit, cancellationToken);
        if (runs is null)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok<IReadOnlyList<RunDto>>(runs.Select(r => new RunDto(
            r.ObservationId, r.Status, r.Start, r.End, r.SizeBytes, new VerificationDto(r.Verification, r.VerificationDetail),
            r.Message, r.Attributes is null ? null : JsonSerializer.Deserialize(r.Attributes, CollectorJsonContext.Default.DictionaryStringString),
            r.ReceivedAt)).ToList());
    }

    private static JobDto ToDto(JobRecord j, string health) => new(
        j.Id, j.Customer, j.Site, j.AgentKey, j.JobKey, j.Name, j.SourceKind, j.ProtectedObject, j.LatestStatus,
        j.LatestEnd, j.LastSuccess, health);

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
