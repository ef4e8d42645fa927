using BackupHealth.Collector.Alerts.Handling;

namespace BackupHealth.Collector.Web.Pages.Alerts;

/// <summary>What the action forms of one alert need: the alert and the page to return to after a change.</summary>
internal sealed record AlertActionsView(AlertDto Alert, string Back);
