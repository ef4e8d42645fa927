using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Exporter;

namespace BackupHealth.OtlpExport;

/// <summary>The OTLP settings of one program's telemetry section (<c>Agent:Telemetry</c>, <c>Collector:Telemetry</c>):
/// checking them at start, and reading them while services are registered — before options validation has run, so a
/// bad value registers nothing here and start-up validation then names the setting.</summary>
internal static class OtlpSettings
{
    /// <summary>The standard variable the OpenTelemetry SDK reads itself.</summary>
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly OtlpOptionsAnnotations Annotations = new();

    /// <summary>Every problem with <paramref name="otlp"/>, each starting with its key under
    /// <paramref name="section"/> (<c>Agent:Telemetry:Otlp:Endpoint: ...</c>).</summary>
    public static List<string> Failures(string section, string? name, OtlpOptions otlp)
    {
        ArgumentNullException.ThrowIfNull(otlp);
        var key = section + ":Otlp";
        var failures = (Annotations.Validate(name, otlp).Failures ?? []).Select(f => $"{key}:{f}").ToList();
        if (otlp.Endpoint.Length > 0 && TryParseEndpoint(otlp.Endpoint) is null)
        {
            failures.Add($"{key}:Endpoint: must be an absolute http or https URL, e.g. http://otel-collector:4317 (was '{otlp.Endpoint}')");
        }

        return failures;
    }

    /// <summary>Whether OTLP export is wanted: an endpoint in <paramref name="section"/> or the standard variable.</summary>
    public static bool IsConfigured(IConfiguration configuration, string section) =>
        Endpoint(configuration, section) is not null || !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);

    /// <summary>Exports metrics, traces and logs to the section's endpoint, else where the <c>OTEL_*</c> variables
    /// say.</summary>
    public static IOpenTelemetryBuilder UseConfiguredOtlpExporter(this IOpenTelemetryBuilder telemetry, IConfiguration configuration, string section)
    {
        if (Endpoint(configuration, section) is not { } endpoint)
        {
            return telemetry.UseOtlpExporter();
        }

        var protocol = configuration[$"{section}:Otlp:Protocol"] is { Length: > 0 } set ? set : configuration["OTEL_EXPORTER_OTLP_PROTOCOL"];
        return telemetry.UseOtlpExporter(protocol == OtlpOptions.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
    }

    private static Uri? Endpoint(IConfiguration configuration, string section) => TryParseEndpoint(configuration[$"{section}:Otlp:Endpoint"]);

    private static Uri? TryParseEndpoint(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
