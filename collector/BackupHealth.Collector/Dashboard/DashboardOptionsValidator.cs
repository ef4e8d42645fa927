using Microsoft.Extensions.Options;
using TimeZoneConverter;

namespace BackupHealth.Collector.Dashboard;

/// <summary>Checks <see cref="DashboardOptions"/>; each failure names the key an operator writes, e.g.
/// <c>Collector:Dashboard:TimeZone: ...</c>.</summary>
internal sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    private readonly DashboardOptionsAnnotations _annotations = new();

    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = _annotations.Validate(name, options);
        if (result.Failed)
        {
            return ValidateOptionsResult.Fail((result.Failures ?? []).Select(f => $"{DashboardOptions.SectionName}:{f}"));
        }

        // TimeZoneConverter knows IANA and Windows ids on every OS, even with invariant globalization.
        return TZConvert.TryGetTimeZoneInfo(options.TimeZone.Trim(), out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{DashboardOptions.SectionName}:TimeZone: unknown time zone '{options.TimeZone}': use an IANA id such as Europe/Amsterdam or UTC, or a Windows id");
    }
}
