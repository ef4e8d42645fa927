using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BackupHealth.Collector.Alerts;

/// <summary>The <c>Collector:Alerts</c> configuration section.</summary>
internal sealed class AlertOptions
{
    public const string SectionName = "Collector:Alerts";
    public const string DefaultEvaluationInterval = "00:00:30";
    public const string DefaultRepeatInterval = "04:00:00";
    public const string DefaultBacklogHold = "00:30:00";

    /// <summary>How often the rules are evaluated against the store.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.Parse(DefaultEvaluationInterval, CultureInfo.InvariantCulture);

    /// <summary>A firing, unacknowledged alert is notified again after this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.Parse(DefaultRepeatInterval, CultureInfo.InvariantCulture);

    /// <summary>While an agent's heartbeats report unsent observations (it is catching up after an outage or a first
    /// upload), its jobs are not judged — no job alert opens or resolves — for at most this long from when the backlog
    /// was first reported. 0 judges at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BacklogHold { get; set; } = TimeSpan.Parse(DefaultBacklogHold, CultureInfo.InvariantCulture);
}
