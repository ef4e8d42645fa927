using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Veeam;

[OptionsValidator]
internal sealed partial class VeeamProbeOptionsValidator : IValidateOptions<VeeamProbeOptions>
{
}
