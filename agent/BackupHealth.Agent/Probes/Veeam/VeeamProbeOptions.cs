using System.ComponentModel.DataAnnotations;
using BackupHealth.Agent.Probes.Shared.Http;

namespace BackupHealth.Agent.Probes.Veeam;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>veeam</c> probe: the REST API of one Veeam Backup &amp; Replication server.</summary>
internal sealed class VeeamProbeOptions : ApiProbeOptions
{
    public const int DefaultPageSize = 200;
    public const int DefaultLookbackDays = 7;
    public const bool DefaultReportVmTasks = true;

    /// <summary>Sent as <c>x-api-version</c> on every request when set; empty (the default) lets the probe negotiate
    /// the newest revision both it and the server know.</summary>
    [RegularExpression(@"^\d+\.\d+-rev\d+$")]
    public string? ApiVersion { get; set; }

    /// <summary>Sessions and jobs asked for per request (<c>limit</c>); a server may return fewer.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>How far back the very first run reads sessions; later runs continue from where the last one stopped.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>Session types to report (e.g. <c>BackupJob</c>, <c>BackupCopyJob</c>); empty reports every type.</summary>
    public IList<string> SessionTypes { get; } = [];

    /// <summary>Also report each VM of a finished session (its task sessions), so coverage can tell which VMs
    /// Veeam protects.</summary>
    public bool ReportVmTasks { get; set; } = DefaultReportVmTasks;

    protected override TimeSpan MaxRequestTimeout => TimeSpan.FromMinutes(10);

    /// <summary>e.g. <c>https://vbr01.example.local:9419/</c>.</summary>
    protected override string UrlRequirement => "must be an absolute https URI such as https://vbr01:9419/";
}
