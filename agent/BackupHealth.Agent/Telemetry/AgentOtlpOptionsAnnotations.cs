using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Telemetry;

/// <summary>The DataAnnotations on <see cref="AgentOtlpOptions"/>, checked without reflection.</summary>
[OptionsValidator]
internal sealed partial class AgentOtlpOptionsAnnotations : IValidateOptions<AgentOtlpOptions>
{
}
