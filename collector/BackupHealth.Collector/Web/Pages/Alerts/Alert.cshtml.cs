using BackupHealth.Collector.Alerts.Api;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Alerts;

/// <summary>One alert with its lifecycle, the notifications that told of it, and the other times its condition was
/// raised. Its actions post to the alert list page, which returns here.</summary>
internal sealed class AlertModel(AlertQueries alerts) : PageModel
{
    private const int OccurrenceLimit = 20;

    public AlertDto Alert { get; private set; } = null!;

    public IReadOnlyList<AlertNotificationRow> Notifications { get; private set; } = [];

    public IReadOnlyList<AlertDto> Occurrences { get; private set; } = [];

    /// <summary>What the alert is about, by name (<see cref="AlertSubjectText"/>), not its internal subject.</summary>
    public string About { get; private set; } = "";

    public UserAccess Access => UserAccess.Of(User)!;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var cancel = HttpContext.RequestAborted;
        if (await alerts.GetAlertAsync(id, cancel) is not { } alert || !Access.MaySee(alert.Customer))
        {
            return NotFound();
        }

        Alert = alert;
        About = AlertSubjectText.Of(alert, await alerts.GetVmNamesAsync([alert], cancel));
        Notifications = await alerts.GetNotificationsAsync(id, cancel);
        Occurrences = await alerts.GetOccurrencesAsync(alert, OccurrenceLimit, cancel);
        return Page();
    }
}
