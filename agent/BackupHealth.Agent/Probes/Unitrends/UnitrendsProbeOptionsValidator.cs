using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Unitrends;

[OptionsValidator]
internal sealed partial class UnitrendsProbeOptionsValidator : IValidateOptions<UnitrendsProbeOptions>
{
}
