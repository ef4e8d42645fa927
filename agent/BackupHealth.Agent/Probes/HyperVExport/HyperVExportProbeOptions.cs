using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.HyperVExport;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>hyperv-export</c> probe: a folder of <c>Export-VM</c> exports, one folder per VM.</summary>
internal sealed class HyperVExportProbeOptions : ProbeOptions
{
    public const int DefaultDepth = 1;
    public const int DefaultSettleMinutes = 10;
    public const int DefaultLookbackDays = 7;

    /// <summary>The export root; must be absolute (a service's current directory is not yours).</summary>
    [Required]
    public string Path { get; set; } = "";

    /// <summary>How many folder levels below <see cref="Path"/> the VM folders sit: 1 for <c>Path/VM/…</c>, 2 for
    /// <c>Path/2025-03-10/VM/…</c>.</summary>
    [Range(1, 5)]
    public int Depth { get; set; } = DefaultDepth;

    /// <summary>An export with any file modified more recently than this is still being written.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(DefaultSettleMinutes);

    /// <summary>A virtual hard disk smaller than this makes the export FAILED; 0 only refuses empty disks.</summary>
    public long MinDiskBytes { get; set; }

    /// <summary>When set, <c>check</c> reports a VM FAILED (stale) when its newest complete export is older than this.</summary>
    public TimeSpan? MaxAge { get; set; }

    /// <summary>Exports last modified longer ago than this are not reported as runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>Report this host's VMs (Hyper-V WMI) for coverage; unset means yes on Windows, no elsewhere.</summary>
    public bool? IncludeInventory { get; set; }

    public bool EffectiveIncludeInventory => IncludeInventory ?? OperatingSystem.IsWindows();

    public override IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var result in base.Validate(validationContext))
        {
            yield return result;
        }

        if (!string.IsNullOrEmpty(Path) && !System.IO.Path.IsPathFullyQualified(Path))
        {
            yield return new ValidationResult("must be an absolute folder path", [nameof(Path)]);
        }

        if (MinDiskBytes < 0)
        {
            yield return new ValidationResult("must not be negative", [nameof(MinDiskBytes)]);
        }

        if (MaxAge is { } maxAge && maxAge <= TimeSpan.Zero)
        {
            yield return new ValidationResult("must be greater than 00:00:00 (leave it out to disable the staleness check)", [nameof(MaxAge)]);
        }

        if (IncludeInventory == true && !OperatingSystem.IsWindows())
        {
            yield return new ValidationResult(
                "the Hyper-V inventory is read through WMI on the Hyper-V host and only on Windows; leave it out or set false",
                [nameof(IncludeInventory)]);
        }
    }
}
