using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Restic;

internal static class ResticProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        ResticProbe.TypeName,
        section =>
        {
            var options = new ResticProbeOptions();
            section.Bind(options);
            return options;
        },
        new ResticProbeOptionsValidator(),
        (options, context) => new ResticProbe(
            options, context.Commands, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<ResticProbe>()));
}
