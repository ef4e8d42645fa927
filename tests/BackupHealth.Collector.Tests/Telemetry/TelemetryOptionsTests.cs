using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Fact]
    public async Task A_bad_otlp_endpoint_or_protocol_stops_start_naming_the_setting()
    {
        using var data = new TempDirectory();
        var (app, _, _) = TestCollector.Build(data, s =>
        {
            s["Collector:Telemetry:Otlp:Endpoint"] = "otel-collector:4317";
            s["Collector:Telemetry:Otlp:Protocol"] = "udp";
        });
        await using var _ = app;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(error.Failures, f => f.StartsWith("Collector:Telemetry:Otlp:Endpoint: must be an absolute http or https URL", StringComparison.Ordinal));
        Assert.Contains("Collector:Telemetry:Otlp:Protocol: must be grpc or http/protobuf", error.Failures);
    }
}
