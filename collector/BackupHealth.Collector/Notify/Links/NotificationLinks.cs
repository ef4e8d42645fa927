using System.Globalization;
using BackupHealth.Collector.Hosting;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify.Links;

/// <summary>The pages a notification links to, under <c>Collector:PublicUrl</c> (the address people open, which
/// behind a reverse proxy is not the one the collector listens on). Without the setting every link is null and
/// channels show <see cref="HowToSet"/> instead.</summary>
internal sealed class NotificationLinks
{
    public const string HowToSet = "No link: set Collector:PublicUrl to the address people open the dashboard at (e.g. https://backups.example.com/).";

    private readonly Uri? _base;

    public NotificationLinks(IOptions<CollectorOptions> options)
        : this(CollectorOptions.ValueIfValid(options)?.PublicUrl)
    {
    }

    public NotificationLinks(string? publicUrl)
    {
        if (!string.IsNullOrWhiteSpace(publicUrl) && Uri.TryCreate(publicUrl.Trim(), UriKind.Absolute, out var url))
        {
            // A base without a trailing slash would lose its last path segment to every relative link.
            _base = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        }
    }

    public bool Configured => _base is not null;

    /// <summary>The alert's page: what, where, since when, the next step, and its actions.</summary>
    public Uri? Alert(long alertId) => Under(string.Create(CultureInfo.InvariantCulture, $"alerts/{alertId}"));

    /// <summary>The job's page with its run history.</summary>
    public Uri? Job(long? jobId) => jobId is { } id ? Under(string.Create(CultureInfo.InvariantCulture, $"jobs/{id}")) : null;

    /// <summary>The site's status grid: every job of the site, for a message that could not list them all.</summary>
    public Uri? Site(long siteId) => Under(string.Create(CultureInfo.InvariantCulture, $"sites/{siteId}/grid"));

    private Uri? Under(string path) => _base is null ? null : new Uri(_base, path);
}
