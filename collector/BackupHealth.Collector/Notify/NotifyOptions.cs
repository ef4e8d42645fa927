using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BackupHealth.Collector.Notify;

/// <summary>The <c>Collector:Notify</c> configuration section: where notifications go and how hard to try.</summary>
internal sealed class NotifyOptions
{
    public const string SectionName = "Collector:Notify";
    public const int DefaultMaxAttempts = 10;
    public const string DefaultRetryMinDelay = "00:00:30";
    public const string DefaultRetryMaxDelay = "01:00:00";
    public const string DefaultPollInterval = "00:00:05";
    public const string DefaultSendTimeout = "00:00:30";

    public List<ChannelOptions> Channels { get; set; } = [];

    public List<RouteOptions> Routes { get; set; } = [];

    /// <summary>Sending attempts before a notification is given up as failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = DefaultMaxAttempts;

    /// <summary>Delay before the first retry; each further retry doubles it (with jitter) up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetryMinDelay { get; set; } = Parse(DefaultRetryMinDelay);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = Parse(DefaultRetryMaxDelay);

    /// <summary>How often the dispatcher looks for due notifications besides being woken by new ones.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = Parse(DefaultPollInterval);

    /// <summary>Longest one send (an SMTP session or an HTTP request) may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = Parse(DefaultSendTimeout);

    private static TimeSpan Parse(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);
}
