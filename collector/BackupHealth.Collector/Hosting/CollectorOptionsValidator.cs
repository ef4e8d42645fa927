using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>All checks of <see cref="CollectorOptions"/>, each failure starting with the configuration key it is
/// about. The generated annotation checks name the property (<c>MaxClockSkew: ...</c>); prefixing the section
/// turns that into the key an operator writes (<c>Collector:MaxClockSkew: ...</c>).</summary>
internal sealed class CollectorOptionsValidator : IValidateOptions<CollectorOptions>
{
    private readonly CollectorOptionsAnnotations _annotations = new();
    private readonly CollectorOptionsRules _rules = new();

    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        var annotations = _annotations.Validate(name, options);
        var rules = _rules.Validate(name, options);
        var failures = (annotations.Failures ?? []).Select(f => $"{CollectorOptions.SectionName}:{f}")
            .Concat(rules.Failures ?? [])
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
