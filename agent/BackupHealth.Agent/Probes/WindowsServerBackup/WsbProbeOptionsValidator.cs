using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

[OptionsValidator]
internal sealed partial class WsbProbeOptionsValidator : IValidateOptions<WsbProbeOptions>
{
}
