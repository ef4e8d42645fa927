using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.VeeamAgent;

internal static class VeeamAgentProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        VeeamAgentProbe.TypeName,
        section =>
        {
            var options = new VeeamAgentProbeOptions();
            section.Bind(options);
            return options;
        },
        new VeeamAgentProbeOptionsValidator(),
        (options, context) => new VeeamAgentProbe(
            options, context.Commands, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<VeeamAgentProbe>()));
}
