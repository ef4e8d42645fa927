using BackupHealth.Collector.Web;
using System.Text.Json;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Alerts;

/// <summary>Maintenance windows per site: everyone sees them; technicians and admins create (recurring or one-off)
/// and delete them. The checks are the API's (<see cref="NewMaintenanceWindow"/>).</summary>
internal sealed class MaintenanceModel(AlertQueries alerts, AlertCommands commands, IAuditLog audit, ICollectorReads store, TimeProvider time) : PageModel
{
    public const string Recurring = "recurring";
    public const string Once = "once";

    public static readonly IReadOnlyList<string> DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    public IReadOnlyList<MaintenanceWindowDto> Windows { get; private set; } = [];

    public IReadOnlyList<SiteRecord> Sites { get; private set; } = [];

    public UserAccess Access => UserAccess.Of(User)!;

    public async Task OnGetAsync()
    {
        var access = Access;
        var cancel = HttpContext.RequestAborted;
        Sites = (await store.GetSitesAsync(cancel)).Where(s => access.MaySee(s.Customer)).ToList();
        Windows = (await alerts.GetWindowsAsync(cancel)).Where(w => access.MaySee(w.Customer))
            .OrderBy(w => w.Customer, StringComparer.OrdinalIgnoreCase).ThenBy(w => w.Site, StringComparer.OrdinalIgnoreCase)
            .ThenByDescending(w => w.Id).ToList();
    }

    public async Task<IActionResult> OnPostCreateAsync(long site, string? kind, string[]? days, string? start, string? duration,
        string? timeZone, string? startsAt, string? endsAt, string? comment)
    {
        var access = Access;
        if (!access.CanWorkAlerts)
        {
            return Forbid();
        }

        var target = (await store.GetSitesAsync(HttpContext.RequestAborted)).FirstOrDefault(s => s.Id == site);
        if (target is null || !access.MaySee(target.Customer))
        {
            return Done(false, "Choose a site.");
        }

        var (from, to) = (Format.ParseLocalInput(startsAt), Format.ParseLocalInput(endsAt));
        if (kind == Once && (from is null || to is null))
        {
            return Done(false, "Cannot create the window: give the start and the end (UTC) of a one-off window.");
        }

        var request = kind == Once
            ? new MaintenanceWindowRequest(target.Customer, target.Site, null, null, null, null, from, to, comment, access.Username)
            : new MaintenanceWindowRequest(target.Customer, target.Site,
                JsonSerializer.SerializeToElement(days ?? [], AlertsJsonContext.Default.StringArray),
                start, duration, string.IsNullOrWhiteSpace(timeZone) ? "UTC" : timeZone.Trim(), null, null, comment, access.Username);
        if (NewMaintenanceWindow.From(request, time.GetUtcNow(), out var error) is not { } window)
        {
            return Done(false, "Cannot create the window: " + error + ".");
        }

        var result = await commands.CreateWindowAsync(window);
        if (result.Status == CommandStatus.Done)
        {
            await audit.RecordAsync(HttpContext, AuditActions.MaintenanceWindowCreated, AuditTargets.MaintenanceWindow(result.Id), window.Customer,
                AuditDetails.Window(window));
        }

        return result.Status == CommandStatus.Done
            ? Done(true, $"Maintenance window {result.Id} created for {target.Customer} / {target.Site}.")
            : Done(false, "Cannot create the window: " + result.Reason + ".");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id)
    {
        var access = Access;
        if (!access.CanWorkAlerts)
        {
            return Forbid();
        }

        if (await alerts.GetWindowAsync(id, HttpContext.RequestAborted) is not { } window || !access.MaySee(window.Customer))
        {
            return NotFound();
        }

        var result = await commands.DeleteWindowAsync(id);
        if (result.Status == CommandStatus.Done)
        {
            await audit.RecordAsync(HttpContext, AuditActions.MaintenanceWindowDeleted, AuditTargets.MaintenanceWindow(id), window.Customer,
                $"site {window.Site}");
        }

        return Done(result.Status == CommandStatus.Done, result.Status == CommandStatus.Done
            ? $"Maintenance window {id} of {window.Customer} / {window.Site} deleted."
            : "That window no longer exists.");
    }

    private LocalRedirectResult Done(bool ok, string message)
    {
        TempData[ok ? "Status" : "Problem"] = message;
        return LocalRedirect("/alerts/maintenance");
    }
}
