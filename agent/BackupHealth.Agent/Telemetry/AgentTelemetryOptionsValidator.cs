using BackupHealth.OtlpExport;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Telemetry;

/// <summary>All checks of <see cref="AgentTelemetryOptions"/>, each failure starting with the key it is about
/// (<c>Agent:Telemetry:Otlp:Endpoint: ...</c>).</summary>
internal sealed class AgentTelemetryOptionsValidator : IValidateOptions<AgentTelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentTelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = OtlpSettings.Failures(AgentTelemetryOptions.SectionName, name, options.Otlp);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
