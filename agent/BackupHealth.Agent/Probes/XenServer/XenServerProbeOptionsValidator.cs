using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.XenServer;

[OptionsValidator]
internal sealed partial class XenServerProbeOptionsValidator : IValidateOptions<XenServerProbeOptions>
{
}
