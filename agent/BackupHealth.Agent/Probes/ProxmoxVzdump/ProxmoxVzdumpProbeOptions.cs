using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>proxmox-vzdump</c> probe: the vzdump task logs of the Proxmox VE node the agent runs on.</summary>
internal sealed class ProxmoxVzdumpProbeOptions : ProbeOptions
{
    public const string DefaultTasksPath = "/var/log/pve/tasks";
    public const string DefaultConfigPath = "/etc/pve";
    public const int DefaultLookbackDays = 7;

    /// <summary>The node's task folder (<c>index</c>, <c>active</c> and the task logs in <c>0</c>..<c>F</c>).</summary>
    [Required]
    public string TasksPath { get; set; } = DefaultTasksPath;

    /// <summary>The node's cluster file system, for its backup jobs (<c>jobs.cfg</c>), guests (<c>.vmlist</c>) and pools
    /// (<c>user.cfg</c>). When it is no such folder, the probe lists no jobs.</summary>
    [Required]
    public string ConfigPath { get; set; } = DefaultConfigPath;

    /// <summary>Where the agent sees the dump storage, when not at the path the task log names (e.g. an NFS export
    /// mounted elsewhere): a running guest's <c>.dat</c> file is looked for here by name. Empty = the logged path.</summary>
    public string? DumpPath { get; set; }

    /// <summary>Tasks that started longer ago than this are not read.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>The node's time zone (vzdump prints local times without one), e.g. <c>Europe/Berlin</c>. Empty = this
    /// host's own zone, right when the agent runs on the node itself.</summary>
    public string TimeZone { get; set; } = "";

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(TasksPath) && !Path.IsPathFullyQualified(TasksPath))
        {
            yield return new ValidationResult("must be an absolute folder path, e.g. /var/log/pve/tasks", [nameof(TasksPath)]);
        }

        if (!string.IsNullOrEmpty(ConfigPath) && !Path.IsPathFullyQualified(ConfigPath))
        {
            yield return new ValidationResult("must be an absolute folder path, e.g. /etc/pve", [nameof(ConfigPath)]);
        }

        if (!string.IsNullOrEmpty(DumpPath) && !Path.IsPathFullyQualified(DumpPath))
        {
            yield return new ValidationResult("must be an absolute folder path", [nameof(DumpPath)]);
        }

        if (!string.IsNullOrEmpty(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a time zone known to this system (e.g. Europe/Berlin)", [nameof(TimeZone)]);
        }
    }

    public TimeZoneInfo HostTimeZone() =>
        string.IsNullOrEmpty(TimeZone) ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}
