using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Restic;

[OptionsValidator]
internal sealed partial class ResticProbeOptionsValidator : IValidateOptions<ResticProbeOptions>
{
}
