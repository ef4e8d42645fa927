using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Alerts;

/// <summary>Checks <see cref="AlertOptions"/>; each failure names the key an operator writes, e.g.
/// <c>Collector:Alerts:RepeatInterval: ...</c> (the generated checks name only the property).</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    private readonly AlertOptionsAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var result = _annotations.Validate(name, options);
        return result.Failed
            ? ValidateOptionsResult.Fail((result.Failures ?? []).Select(f => $"{AlertOptions.SectionName}:{f}"))
            : ValidateOptionsResult.Success;
    }
}
