using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Hosting;

[OptionsValidator]
internal sealed partial class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
}
