using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>Checks <see cref="LimitsOptions"/>; each failure names the key an operator writes
/// (<c>Collector:Limits:MaxStreamsPerAgent: ...</c>).</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    private readonly LimitsOptionsAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = (_annotations.Validate(name, options).Failures ?? []).Select(f => $"{LimitsOptions.SectionName}:{f}").ToList();
        if (options.MaxStreamsPerAgent > options.MaxStreams)
        {
            failures.Add($"{LimitsOptions.SectionName}:MaxStreamsPerAgent: must not exceed {LimitsOptions.SectionName}:MaxStreams ({options.MaxStreams})");
        }

        if (options.ObservationsPerAgentPerMinute > options.ObservationsPerAgentPerDay)
        {
            failures.Add($"{LimitsOptions.SectionName}:ObservationsPerAgentPerMinute: must not exceed {LimitsOptions.SectionName}:ObservationsPerAgentPerDay ({options.ObservationsPerAgentPerDay})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The options, or null when they are invalid: for configuration code that runs before start-up
    /// validation has reported them.</summary>
    public static LimitsOptions? ValueIfValid(IOptions<LimitsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return options.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
