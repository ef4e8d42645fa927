using System.ComponentModel.DataAnnotations;

namespace BackupHealth.Agent.Probes.VeeamEvents;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>A <c>veeam-events</c> probe: job results from the Windows event logs of VBR and Veeam Agent for Windows.</summary>
internal sealed class VeeamEventsProbeOptions : ProbeOptions
{
    public const int DefaultLookbackDays = 7;
    public const int DefaultMaxEventsPerRun = 5000;

    /// <summary>How far back the very first run reads; later runs continue after the last record read.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromDays(DefaultLookbackDays);

    /// <summary>Per log and run; the rest is read by the next run.</summary>
    [Range(1, 100_000)]
    public int MaxEventsPerRun { get; set; } = DefaultMaxEventsPerRun;
}
