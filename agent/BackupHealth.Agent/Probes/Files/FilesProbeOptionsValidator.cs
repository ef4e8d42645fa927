using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Probes.Files;

[OptionsValidator]
internal sealed partial class FilesProbeOptionsValidator : IValidateOptions<FilesProbeOptions>
{
}
