using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Telemetry;

/// <summary>All checks of <see cref="TelemetryOptions"/>, each failure starting with the configuration key it is about
/// (<c>Collector:Telemetry:Otlp:Endpoint: ...</c>).</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private const string OtlpKey = TelemetryOptions.SectionName + ":Otlp";

    private readonly OtlpOptionsAnnotations _otlp = new();

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = (_otlp.Validate(name, options.Otlp).Failures ?? []).Select(f => $"{OtlpKey}:{f}").ToList();
        var endpoint = options.Otlp.Endpoint;
        if (endpoint.Length > 0 && OtlpEndpoint.TryParse(endpoint) is null)
        {
            failures.Add($"{OtlpKey}:Endpoint: must be an absolute http or https URL, e.g. http://otel-collector:4317 (was '{endpoint}')");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
