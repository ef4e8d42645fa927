using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.VeeamEvents;

[OptionsValidator]
internal sealed partial class VeeamEventsProbeOptionsValidator : IValidateOptions<VeeamEventsProbeOptions>
{
}
