using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

[OptionsValidator]
internal sealed partial class ProxmoxVzdumpProbeOptionsValidator : IValidateOptions<ProxmoxVzdumpProbeOptions>
{
}
