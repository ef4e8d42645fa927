using System.Buffers;
using System.Text;
using System.Text.Json;
using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tls;
using BackupHealth.Contracts;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Agents;

/// <summary>Creates a site agent token and shows it this once, with the settings an agent needs. The token is in
/// this one response and nowhere else: no redirect through a cookie, no caching, no live refresh.</summary>
internal sealed class AgentTokenModel(
    ICollectorReads store, AgentTokens tokens, CollectorEndpoints endpoints, ServerCertificates certificates, IAuditLog audit,
    Microsoft.Extensions.Options.IOptions<CollectorOptions> collector) : PageModel
{
    public CreatedAgentToken Created { get; private set; } = null!;

    public SiteRecord Site { get; private set; } = null!;

    public IActionResult OnGet() => LocalRedirect("/agents");

    public async Task<IActionResult> OnPostAsync(long site, string? name)
    {
        var access = UserAccess.Of(User)!;
        if (!access.CanWorkAlerts)
        {
            return Forbid();
        }

        if (await AgentsModel.VisibleSiteAsync(store, access, site, HttpContext.RequestAborted) is not { } target)
        {
            return NotFound();
        }

        if (!collector.Value.AllowSiteTokens)
        {
            TempData["Problem"] = "Site tokens are off (Collector:AllowSiteTokens): make an enrolment token instead.";
            return LocalRedirect("/agents");
        }

        var change = await tokens.CreateAsync(target.Id, name, access.Username);
        if (change.Token is null)
        {
            TempData["Problem"] = $"Cannot create a token for {target.Customer} / {target.Site}: {change.Problem}.";
            return LocalRedirect("/agents");
        }

        await audit.RecordAsync(HttpContext, AuditActions.AgentTokenCreated, AuditTargets.AgentToken(change.Id!), target.Customer,
            $"'{name!.Trim()}' for site {target.Site}");
        Response.Headers.CacheControl = "no-store";
        var url = CollectorUrl();
        Site = target;
        var ca = endpoints.Grpc.Scheme == Uri.UriSchemeHttps ? certificates.SelfMadeCa : null;
        Created = new CreatedAgentToken(target.Id, name!.Trim(), change.Token, url, ConfigJson(url, change.Token, ca is not null),
            ca?.ExportCertificatePem(), ca is null ? null : CollectorPin.Of(ca));
        return Page();
    }

    /// <summary>The gRPC port under the name this browser reached the collector by: where the collector listens
    /// (often 0.0.0.0) is not an address an agent can use.</summary>
    private string CollectorUrl() => Enrolment.CollectorAddress.For(endpoints, HttpContext).ToString().TrimEnd('/');

    /// <summary>The CA file the agent needs when the collector uses its own CA.</summary>
    internal const string CaFileName = "collector-ca.crt";

    private static string ConfigJson(string collectorUrl, string token, bool ownCa)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("Agent");
            json.WriteString("CollectorUrl", collectorUrl);
            json.WriteString("Token", token);
            if (ownCa)
            {
                json.WriteString("CollectorCaFile", CaFileName);
            }

            json.WriteEndObject();
            json.WriteStartArray("Probes");
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
