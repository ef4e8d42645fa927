using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

[OptionsValidator]
internal sealed partial class ProxmoxApiProbeOptionsValidator : IValidateOptions<ProxmoxApiProbeOptions>
{
}
