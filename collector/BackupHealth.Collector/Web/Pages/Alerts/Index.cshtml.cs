using BackupHealth.Collector.Web;
using System.Globalization;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Alerts;

/// <summary>The alert list with its filters (GET parameters, so they survive refreshes and links) and the actions of
/// technicians and admins: acknowledge, resolve, silence the alert's subject. The alert page posts its actions here
/// too, with <c>back</c> saying where to return.</summary>
internal sealed class AlertsModel(AlertQueries alerts, AlertCommands commands, IAuditLog audit, ICollectorReads store, IEnumerable<IAlertRule> rules,
    TimeProvider time) : PageModel
{
    public const string NewestFirst = "newest";
    public const string WorstFirstSort = "worst";
    public const int PageSize = 200;

    public static readonly IReadOnlyList<string> StateChoices =
        [AlertStates.Open, AlertStates.Firing, AlertStates.Acknowledged, AlertStates.Resolved, "all"];

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Site { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Severity { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Rule { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public IReadOnlyList<AlertDto> Alerts { get; private set; } = [];

    /// <summary>The names of the VMs the shown alerts are about, by subject (<see cref="AlertSubjectText"/>).</summary>
    public IReadOnlyDictionary<string, string> VmNames { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<SiteRecord> Sites { get; private set; } = [];

    public IReadOnlyList<string> Rules { get; private set; } = [];

    public string? Problem { get; private set; }

    public UserAccess Access => UserAccess.Of(User)!;

    /// <summary>Where the action forms return to: this page with the same filters.</summary>
    public string Back => Request.Path + Request.QueryString;

    public async Task OnGetAsync()
    {
        var access = Access;
        var cancel = HttpContext.RequestAborted;
        State = string.IsNullOrWhiteSpace(State) ? AlertStates.Open : State.Trim();
        Sort = Sort == WorstFirstSort ? WorstFirstSort : NewestFirst;
        if (!StateChoices.Contains(State))
        {
            Problem = $"Unknown state '{State}': showing open alerts.";
            State = AlertStates.Open;
        }

        if (Severity is not null && !SeverityNames.IsKnown(Severity))
        {
            Problem = $"Unknown severity '{Severity}': showing every severity.";
            Severity = null;
        }

        Sites = (await store.GetSitesAsync(cancel)).Where(s => access.MaySee(s.Customer)).ToList();
        Rules = rules.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        var filter = new AlertFilter(State == "all" ? null : State, RequestText.Clean(Customer), RequestText.Clean(Site), RequestText.Clean(Rule),
            RequestText.Clean(Severity), PageSize)
        {
            Customers = access.CustomerNames,
            Search = RequestText.Clean(Q),
            WorstFirst = Sort == WorstFirstSort,
        };
        Alerts = await alerts.GetAlertsAsync(filter, cancel);
        VmNames = await alerts.GetVmNamesAsync(Alerts, cancel);
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(long id, string? comment, string? back) =>
        ActAsync(id, back, comment, required: false, async (alert, by, text) =>
            Said(await RecordAsync(await commands.AcknowledgeAsync(alert.Id, by, text), AuditActions.AlertAcknowledged, alert, text),
                $"Alert {alert.Key} acknowledged."));

    public Task<IActionResult> OnPostResolveAsync(long id, string? comment, string? back) =>
        ActAsync(id, back, comment, required: false, async (alert, by, text) =>
            Said(await RecordAsync(await commands.ResolveAsync(alert.Id, by, text), AuditActions.AlertResolved, alert, text),
                $"Alert {alert.Key} resolved."));

    /// <summary>Silences what this alert is about (its customer, site, agent, job and rule), so the alert and any
    /// return of it stay quiet for the period.</summary>
    public Task<IActionResult> OnPostSilenceAsync(long id, string? period, string? until, string? comment, string? back) =>
        ActAsync(id, back, comment, required: true, async (alert, by, text) =>
        {
            var now = time.GetUtcNow();
            DateTimeOffset? ends = period switch
            {
                "1h" => now.AddHours(1),
                "4h" => now.AddHours(4),
                "1d" => now.AddDays(1),
                "until" => Format.ParseLocalInput(until),
                _ => null,
            };
            if (ends is null)
            {
                return (false, period == "until" ? "Choose the date and time (UTC) the silence ends." : "Choose how long to silence.");
            }

            var request = new SilenceRequest(alert.Customer, alert.Site, alert.AgentId, alert.JobId?.ToString(CultureInfo.InvariantCulture),
                alert.Rule, null, ends, text, by);
            if (NewSilence.From(request, now, out var error) is not { } silence)
            {
                return (false, "Cannot silence: " + error + ".");
            }

            var result = await commands.CreateSilenceAsync(silence);
            await audit.RecordAsync(HttpContext, AuditActions.SilenceCreated, AuditTargets.Silence(result.Id), silence.Customer, AuditDetails.Silence(silence));
            return Said(result, $"Silenced {alert.Title} until {Format.Time(ends.Value)} (silence {result.Id}); "
                + "the alert shows as muted after the next evaluation.");
        });

    private async Task<IActionResult> ActAsync(long id, string? back, string? comment, bool required,
        Func<AlertDto, string, string, Task<(bool Ok, string Message)>> act)
    {
        var access = Access;
        if (!access.CanWorkAlerts)
        {
            return Forbid();
        }

        if (await alerts.GetAlertAsync(id, HttpContext.RequestAborted) is not { } alert || !access.MaySee(alert.Customer))
        {
            return NotFound();
        }

        var (ok, message) = RequestText.TryComment(comment, required, out var text, out var error)
            ? await act(alert, access.Username, text)
            : (false, char.ToUpperInvariant(error[0]) + error[1..] + ".");
        TempData[ok ? "Status" : "Problem"] = message;
        return LocalRedirect(SafeBack(back));
    }

    private async Task<CommandResult> RecordAsync(CommandResult result, string action, AlertDto alert, string comment)
    {
        if (result.Status == CommandStatus.Done)
        {
            await audit.RecordAsync(HttpContext, action, AuditTargets.Alert(alert.Id), alert.Customer, AuditDetails.Comment(comment));
        }

        return result;
    }

    private static (bool Ok, string Message) Said(CommandResult result, string done) => result.Status switch
    {
        CommandStatus.Done => (true, done),
        CommandStatus.NotFound => (false, "That alert no longer exists."),
        _ => (false, char.ToUpperInvariant(result.Reason[0]) + result.Reason[1..] + "."),
    };

    /// <summary>Back to an alerts page only, so the form cannot be used to redirect anywhere else.</summary>
    private string SafeBack(string? back) =>
        back is not null && Url.IsLocalUrl(back) && (back == "/alerts" || back.StartsWith("/alerts?", StringComparison.Ordinal)
            || back.StartsWith("/alerts/", StringComparison.Ordinal))
            ? back
            : "/alerts";
}
