using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Collector.Hosting;

/// <summary>The <c>Collector</c> configuration section.</summary>
internal sealed class CollectorOptions
{
    public const string SectionName = "Collector";
    public const string DefaultDataPath = "data";
    public const string DefaultGrpcUrl = "https://127.0.0.1:5180";
    public const string DefaultWebUrl = "https://127.0.0.1:5080";
    public const int DefaultMaxMessageBytes = ObservationLimits.MaxMessageBytes;

    /// <summary>Folder of the SQLite database; relative paths are taken from the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataPath { get; set; } = DefaultDataPath;

    /// <summary>HTTP/2-only endpoint the agents stream to: https (TLS) unless <see cref="AllowInsecureHttp"/>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string GrpcUrl { get; set; } = DefaultGrpcUrl;

    /// <summary>Endpoint of the page and the JSON API: HTTP/1.1 + HTTP/2 over TLS (HTTP/1.1 only on plain http).</summary>
    [Required(AllowEmptyStrings = false)]
    public string WebUrl { get; set; } = DefaultWebUrl;

    /// <summary>Allows http:// in <see cref="GrpcUrl"/> and <see cref="WebUrl"/> (e.g. behind a TLS-terminating proxy on
    /// the same host); every start with a plain-http listener logs a warning.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Lets agents stream with a site token (<see cref="Sites"/> or the Agents page) instead of their own
    /// certificate: the migration path from site tokens (docs/security.md).</summary>
    public bool AllowSiteTokens { get; set; }

    /// <summary>Observation timestamps later than collector time plus this are rejected.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = ObservationLimits.DefaultMaxClockSkew;

    /// <summary>Largest gRPC message accepted from an agent.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>The options, or null when they are invalid. For configuration code that runs while the app is built,
    /// before the host starts: start-up validation then reports every bad setting, before anything is bound.</summary>
    public static CollectorOptions? ValueIfValid(Microsoft.Extensions.Options.IOptions<CollectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return options.Value;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException)
        {
            return null;
        }
    }

    /// <summary>The customers' sites and the tokens their agents authenticate with.</summary>
    public List<SiteOptions> Sites { get; set; } = [];

    /// <summary>The address people open the dashboard at (e.g. <c>https://backups.example.com/</c> behind a reverse
    /// proxy): notifications link to alerts and jobs under it. Empty: messages say how to set it instead of a link.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>Settings per customer, by the customer's name: e.g. <c>Collector:Customers:Contoso Ltd:TimeZone</c>.</summary>
    public Dictionary<string, CustomerOptions> Customers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One entry of <c>Collector:Customers</c>.</summary>
internal sealed class CustomerOptions
{
    /// <summary>The zone the customer's notifications show times in (UTC beside them); empty: the dashboard's
    /// (<c>Collector:Dashboard:TimeZone</c>). An IANA id such as <c>Europe/Berlin</c>, or a Windows id.</summary>
    public string TimeZone { get; set; } = "";
}
