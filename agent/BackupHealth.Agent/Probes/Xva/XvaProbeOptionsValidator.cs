using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Xva;

[OptionsValidator]
internal sealed partial class XvaProbeOptionsValidator : IValidateOptions<XvaProbeOptions>
{
}
