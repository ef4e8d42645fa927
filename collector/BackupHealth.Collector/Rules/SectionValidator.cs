using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Rules;

/// <summary>Turns a generated validator's "Count: must be ..." into the key an operator writes,
/// "Collector:Alerts:Rules:WarningsRepeat:Count: must be ...".</summary>
internal sealed class SectionValidator<TOptions>(IValidateOptions<TOptions> inner, string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(name, options);
        return result.Failed
            ? ValidateOptionsResult.Fail(result.Failures.Select(f => $"{section}:{f}"))
            : result;
    }
}
