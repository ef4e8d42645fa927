using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.HyperVExport;

[OptionsValidator]
internal sealed partial class HyperVExportProbeOptionsValidator : IValidateOptions<HyperVExportProbeOptions>
{
}
