using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>proxmox</c> probe: a Proxmox VE node or cluster through its API, with an API token.</summary>
internal sealed class ProxmoxApiProbeOptions : ProxmoxTokenOptions
{
    public const int DefaultPageSize = 500;
    public const int DefaultLookbackDays = 7;

    /// <summary>Nodes whose vzdump tasks are read; empty = every online node of the cluster.</summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>Tasks (and task log lines) asked for per request.</summary>
    [Range(1, 100_000)]
    public int PageSize { get; set; } = DefaultPageSize;

    /// <summary>Tasks that started longer ago than this are not read.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>The nodes' time zone for vzdump's local times, e.g. <c>Europe/Berlin</c>. Empty = each node's own
    /// zone as <c>/nodes/{node}/time</c> says.</summary>
    public string TimeZone { get; set; } = "";

    protected override string UrlRequirement => "must be an absolute https URL of a cluster node, e.g. https://pve1:8006/";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a time zone known to this system (e.g. Europe/Berlin)", [nameof(TimeZone)]);
        }

        for (var i = 0; i < Nodes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Nodes[i]) || Nodes[i].Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.')))
            {
                yield return new ValidationResult("must be a node name as Proxmox VE shows it (letters, digits, '-')", [$"{nameof(Nodes)}:{i}"]);
            }
        }
    }
}
