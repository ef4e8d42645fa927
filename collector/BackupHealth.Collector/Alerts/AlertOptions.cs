using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BackupHealth.Collector.Alerts;

/// <summary>The <c>Collector:Alerts</c> configuration section.</summary>
internal sealed class AlertOptions
{
    public const string SectionName = "Collector:Alerts";
    public const string DefaultEvaluationInterval = "00:00:30";
    public const string DefaultRepeatInterval = "04:00:00";

    /// <summary>How often the rules are evaluated against the store.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.Parse(DefaultEvaluationInterval, CultureInfo.InvariantCulture);

    /// <summary>A firing, unacknowledged alert is notified again after this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.Parse(DefaultRepeatInterval, CultureInfo.InvariantCulture);
}
