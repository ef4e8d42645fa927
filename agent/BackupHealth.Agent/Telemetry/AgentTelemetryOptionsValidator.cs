using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Telemetry;

/// <summary>All checks of <see cref="AgentTelemetryOptions"/>, each failure starting with the key it is about
/// (<c>Agent:Telemetry:Otlp:Endpoint: ...</c>).</summary>
internal sealed class AgentTelemetryOptionsValidator : IValidateOptions<AgentTelemetryOptions>
{
    private const string OtlpKey = AgentTelemetryOptions.SectionName + ":Otlp";

    private readonly AgentOtlpOptionsAnnotations _otlp = new();

    public ValidateOptionsResult Validate(string? name, AgentTelemetryOptions options)
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

/// <summary>Reading the OTLP endpoint while services are registered, before validation: a bad value registers nothing
/// and validation then names the setting.</summary>
internal static class OtlpEndpoint
{
    public const string EnvironmentVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static Uri? TryParse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
