using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.VeeamAgent;

[OptionsValidator]
internal sealed partial class VeeamAgentProbeOptionsValidator : IValidateOptions<VeeamAgentProbeOptions>
{
}
