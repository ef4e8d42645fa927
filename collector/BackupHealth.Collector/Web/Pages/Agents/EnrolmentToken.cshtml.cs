using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tls;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Pages.Agents;

/// <summary>Creates an enrolment token and shows it this once, with the command that uses it. Like the site token page:
/// the token is in this one response and nowhere else.</summary>
internal sealed class EnrolmentTokenModel(
    ICollectorReads store, EnrolmentTokens tokens, CollectorEndpoints endpoints, ServerCertificates certificates,
    IOptions<EnrolmentOptions> options, IAuditLog audit) : PageModel
{
    public CreatedEnrolmentToken Created { get; private set; } = null!;

    public SiteRecord Site { get; private set; } = null!;

    public string Name { get; private set; } = "";

    public string CollectorUrl { get; private set; } = "";

    public string? Pin { get; private set; }

    public int CertificateDays => (int)options.Value.CertificateLifetime.TotalDays;

    public IActionResult OnGet() => LocalRedirect("/agents");

    public async Task<IActionResult> OnPostAsync(long site, string? name, int hours = 24, int uses = 1)
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

        Name = name?.Trim() ?? "";
        var problem = EnrolmentTokens.CheckName(Name)
            ?? (hours is < 1 or > 720 ? "it can be valid for 1 to 720 hours" : null)
            ?? (uses is < 1 or > 1000 ? "it can enrol 1 to 1000 agents" : null);
        if (problem is not null)
        {
            TempData["Problem"] = $"Cannot create an enrolment token for {target.Customer} / {target.Site}: {problem}.";
            return LocalRedirect("/agents");
        }

        var url = CollectorAddress.For(endpoints, HttpContext);
        Pin = url.Scheme == Uri.UriSchemeHttps ? certificates.Pin : null;
        CollectorUrl = url.ToString().TrimEnd('/');
        var created = await tokens.CreateAsync(target.Id, Name, access.Username, TimeSpan.FromHours(hours), uses, url, Pin);
        if (created is null)
        {
            return NotFound();
        }

        await audit.RecordAsync(HttpContext, AuditActions.EnrolmentTokenCreated, AuditTargets.EnrolmentToken(created.Id), target.Customer,
            $"'{Name}' for site {target.Site}, {uses} use(s) until {created.Expires.UtcDateTime:u}");
        Response.Headers.CacheControl = "no-store";
        Site = target;
        Created = created;
        return Page();
    }
}
