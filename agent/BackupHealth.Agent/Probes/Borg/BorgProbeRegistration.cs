using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Borg;

internal static class BorgProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        BorgProbe.TypeName,
        section =>
        {
            var options = new BorgProbeOptions();
            section.Bind(options);
            return options;
        },
        new BorgProbeOptionsValidator(),
        (options, context) => new BorgProbe(
            options, context.Commands, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<BorgProbe>()));
}
