using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Command;

[OptionsValidator]
internal sealed partial class CommandProbeOptionsValidator : IValidateOptions<CommandProbeOptions>
{
}
