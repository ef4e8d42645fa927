using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Probes;

// The source-generated validators replace these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>Settings every probe has, whatever its type. Each probe type derives its own options from this.</summary>
internal class ProbeOptions : IValidatableObject
{
    public const int DefaultIntervalMinutes = 5;

    /// <summary>A default jitter is a tenth of the interval, but never more than this.</summary>
    public static readonly TimeSpan MaxDefaultJitter = TimeSpan.FromSeconds(30);

    /// <summary>Also the job key of what the probe reports, so it must be unique among the agent's probes.</summary>
    [Required]
    [MaxLength(ObservationLimits.MaxJobKeyLength)]
    public string Name { get; set; } = "";

    [Required]
    public string Type { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(DefaultIntervalMinutes);

    /// <summary>Random extra delay up to this much, so probes of many agents do not hit a shared NAS in lockstep.</summary>
    public TimeSpan? Jitter { get; set; }

    public TimeSpan EffectiveJitter => Jitter ?? TimeSpan.FromTicks(Math.Min(Interval.Ticks / 10, MaxDefaultJitter.Ticks));

    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Jitter is { } jitter && (jitter < TimeSpan.Zero || jitter > Interval))
        {
            yield return new ValidationResult($"must be between 00:00:00 and Interval ({Interval})", [nameof(Jitter)]);
        }

        if (Name.Any(char.IsControl))
        {
            yield return new ValidationResult("must not contain control characters", [nameof(Name)]);
        }
    }
}
