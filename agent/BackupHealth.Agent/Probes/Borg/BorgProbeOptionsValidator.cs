using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Borg;

[OptionsValidator]
internal sealed partial class BorgProbeOptionsValidator : IValidateOptions<BorgProbeOptions>
{
}
