using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

[OptionsValidator]
internal sealed partial class ProxmoxBackupServerProbeOptionsValidator : IValidateOptions<ProxmoxBackupServerProbeOptions>
{
}
