using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Pages.Agents;

/// <summary>Agents per customer and site (connected, last seen, outbox, probes) and the site's agent tokens.
/// Technicians and admins create tokens (<see cref="AgentTokenModel"/>, so a technician can install an agent) and
/// revoke those made here; tokens from configuration are listed but only the configuration can remove them.</summary>
internal sealed class AgentsModel(
    ICollectorReads store, AgentTokens tokens, EnrolmentTokens enrolmentTokens, AgentCertificates certificates, AgentRevocation revocation,
    IAuditLog audit, IOptions<AlertOptions> alerts, IOptions<Hosting.CollectorOptions> collector, TimeProvider time) : PageModel
{
    /// <summary>Site tokens can be made only while the collector accepts them (<c>Collector:AllowSiteTokens</c>).</summary>
    public bool SiteTokensAllowed => collector.Value.AllowSiteTokens;

    /// <summary>A probe that has reported and is not ok is a problem to highlight; "unknown" has not reported yet.</summary>
    public static bool IsProblem(ProbeRecord probe) => probe.State is not ("ok" or "unknown");

    /// <summary>A probe detail's key as words: <c>api_version</c> → "API version"; unknown keys as sent.</summary>
    public static string DetailLabel(string key) => key switch
    {
        "api_version" => "API version",
        "per_vm_results" => "per-VM results",
        _ => key.Replace('_', ' '),
    };

    public IReadOnlyList<AgentsSite> Sites { get; private set; } = [];

    public IReadOnlyDictionary<(long SiteId, string AgentKey), AgentCertificateState> Certificates { get; private set; } =
        new Dictionary<(long, string), AgentCertificateState>();

    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public AgentCertificateState? CertificateOf(AgentRecord agent) =>
        Certificates.TryGetValue((agent?.SiteId ?? 0, agent?.AgentKey ?? ""), out var state) ? state : null;

    /// <summary>Until when judgement of the agent's jobs waits for its backlog (<see cref="BacklogHold"/>); null when
    /// it does not wait.</summary>
    public DateTime? JudgementWaitsUntil(AgentRecord agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.OutboxDepth is not > 0 || agent.BacklogSince is not { } since)
        {
            return null;
        }

        var until = since + alerts.Value.BacklogHold;
        return time.GetUtcNow().UtcDateTime < until ? until : null;
    }

    public UserAccess Access => UserAccess.Of(User)!;

    /// <summary>Installing an agent is technicians' work, so they may issue and revoke the site tokens it needs.</summary>
    public bool MayManageTokens => Access.CanWorkAlerts;

    public Task OnGetAsync() => LoadAsync();

    public async Task<IActionResult> OnPostRevokeTokenAsync(long site, string? id)
    {
        if (!MayManageTokens)
        {
            return Forbid();
        }

        if (await VisibleSiteAsync(site) is not { } target)
        {
            return NotFound();
        }

        var change = await tokens.RevokeAsync(target.Id, id);
        if (change.Status == AgentTokenChangeStatus.Done)
        {
            await audit.RecordAsync(HttpContext, AuditActions.AgentTokenRevoked, AuditTargets.AgentToken(id!), target.Customer, $"site {target.Site}");
            TempData["Status"] = $"Token {id} of {target.Customer} / {target.Site} revoked: agents using it are refused at their next connection.";
        }
        else
        {
            TempData["Problem"] = $"Cannot revoke token {id}: {change.Problem}.";
        }

        return LocalRedirect("/agents");
    }

    public async Task<IActionResult> OnPostRevokeEnrolmentTokenAsync(long id)
    {
        if (!MayManageTokens)
        {
            return Forbid();
        }

        var token = (await enrolmentTokens.ListAsync(HttpContext.RequestAborted)).FirstOrDefault(t => t.Id == id);
        if (token is null || !Access.MaySee(token.Customer))
        {
            return NotFound();
        }

        if (await enrolmentTokens.RevokeAsync(id))
        {
            await audit.RecordAsync(HttpContext, AuditActions.EnrolmentTokenRevoked, AuditTargets.EnrolmentToken(id), token.Customer, $"'{token.Name}' for site {token.Site}");
            TempData["Status"] = $"Enrolment token '{token.Name}' of {token.Customer} / {token.Site} revoked.";
        }

        return LocalRedirect("/agents");
    }

    public async Task<IActionResult> OnPostRevokeAgentAsync(long id)
    {
        if (!MayManageTokens)
        {
            return Forbid();
        }

        var agent = (await store.GetAgentsAsync(HttpContext.RequestAborted)).FirstOrDefault(a => a.Id == id);
        if (agent is null || !Access.MaySee(agent.Customer))
        {
            return NotFound();
        }

        var (_, ended) = await revocation.RevokeAsync(agent, HttpContext);
        TempData["Status"] = $"Agent {agent.AgentKey} of {agent.Customer} / {agent.Site} revoked: {ended} open stream(s) ended; it is refused until enrolled again. Its data stays.";
        return LocalRedirect("/agents");
    }

    private async Task LoadAsync()
    {
        var access = Access;
        var cancel = HttpContext.RequestAborted;
        var agents = (await store.GetAgentsAsync(cancel)).ToLookup(a => a.SiteId);
        var allTokens = (await tokens.ListAsync(cancel)).ToLookup(t => t.SiteId);
        var allEnrolmentTokens = (await enrolmentTokens.ListAsync(cancel)).ToLookup(t => t.SiteId);
        Certificates = await certificates.StatesAsync(cancel);
        Sites = (await store.GetSitesAsync(cancel)).Where(s => access.MaySee(s.Customer))
            .Select(s => new AgentsSite(s, agents[s.Id].ToList(), allTokens[s.Id].ToList(), allEnrolmentTokens[s.Id].ToList()))
            .ToList();
    }

    internal static async Task<SiteRecord?> VisibleSiteAsync(ICollectorReads store, UserAccess access, long siteId, CancellationToken cancellationToken) =>
        (await store.GetSitesAsync(cancellationToken)).FirstOrDefault(s => s.Id == siteId && access.MaySee(s.Customer));

    private Task<SiteRecord?> VisibleSiteAsync(long siteId) => VisibleSiteAsync(store, Access, siteId, HttpContext.RequestAborted);
}
