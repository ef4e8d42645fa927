using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Command;

internal static class CommandProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        CommandProbe.TypeName,
        section =>
        {
            var options = new CommandProbeOptions();
            section.Bind(options);
            return options;
        },
        new CommandProbeOptionsValidator(),
        (options, context) => new CommandProbe(options, context.Commands, context.TimeProvider, context.LoggerFactory.CreateLogger<CommandProbe>()));
}
