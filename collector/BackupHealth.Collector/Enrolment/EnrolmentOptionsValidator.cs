using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Enrolment;

/// <summary>Checks <see cref="EnrolmentOptions"/>; each failure names the key (<c>Collector:Enrolment:TokenUses: ...</c>).</summary>
internal sealed class EnrolmentOptionsValidator : IValidateOptions<EnrolmentOptions>
{
    private readonly EnrolmentOptionsAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, EnrolmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = (_annotations.Validate(name, options).Failures ?? []).Select(f => $"{EnrolmentOptions.SectionName}:{f}").ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
