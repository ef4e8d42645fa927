namespace BackupHealth.Collector.Telemetry;

/// <summary>Reading the OTLP settings while services are registered, before options validation has run: a bad value
/// registers nothing here and start-up validation then names the setting.</summary>
internal static class OtlpEndpoint
{
    /// <summary>The standard variable the OpenTelemetry SDK reads itself.</summary>
    public const string EnvironmentVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static Uri? TryParse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;
}
