using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Rules;
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

    public AlertExplanation Explanation { get; private set; } = null!;

    /// <summary>The rule's meaning in words (<see cref="RuleGuide.What"/>).</summary>
    public string What => RuleGuide.What(Alert.Rule);

    /// <summary>The rule's next step for this product and host (<see cref="RuleGuide.NextStep"/>), times as the page shows them.</summary>
    public string NextStep => RuleGuide.NextStep(Alert.Rule, Explanation.Guide, t => Format.Time(t));

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
        Explanation = await alerts.GetExplanationAsync(id, cancel);
        Occurrences = await alerts.GetOccurrencesAsync(alert, OccurrenceLimit, cancel);
        return Page();
    }
}
