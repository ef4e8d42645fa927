using BackupHealth.OtlpExport;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Telemetry;

/// <summary>All checks of <see cref="TelemetryOptions"/>, each failure starting with the configuration key it is about
/// (<c>Collector:Telemetry:Otlp:Endpoint: ...</c>).</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = OtlpSettings.Failures(TelemetryOptions.SectionName, name, options.Otlp);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
