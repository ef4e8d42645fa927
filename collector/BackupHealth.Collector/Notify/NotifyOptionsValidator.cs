using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Notify;

/// <summary>All checks of <see cref="NotifyOptions"/>, each failure starting with the configuration key it is about
/// (<c>Collector:Notify:Channels:0:Smtp:Host: ...</c>).</summary>
internal sealed class NotifyOptionsValidator : IValidateOptions<NotifyOptions>
{
    private readonly NotifyOptionsAnnotations _annotations = new();
    private readonly NotifyOptionsRules _rules = new();

    public ValidateOptionsResult Validate(string? name, NotifyOptions options)
    {
        var annotations = _annotations.Validate(name, options);
        var rules = _rules.Validate(name, options);
        var failures = (annotations.Failures ?? []).Select(f => $"{NotifyOptions.SectionName}:{f}")
            .Concat(rules.Failures ?? [])
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
