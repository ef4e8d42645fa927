using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Collector.Web.Proxies;

/// <summary>The <c>Collector:Web</c> configuration section: the reverse proxies in front of the collector whose
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are believed (docs/security.md).</summary>
internal sealed class WebProxyOptions
{
    public const string SectionName = "Collector:Web";
    public const int MaxTrustedProxies = 100;

    /// <summary>Addresses (<c>192.0.2.10</c>) or networks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of the proxies. Empty (the
    /// default): forwarded headers are ignored and every client is the TCP peer it connects from.</summary>
    [MaxLength(MaxTrustedProxies)]
    public List<string> TrustedProxies { get; set; } = [];
}
