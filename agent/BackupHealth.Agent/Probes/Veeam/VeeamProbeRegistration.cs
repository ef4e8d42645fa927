using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Veeam;

internal static class VeeamProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        VeeamProbe.TypeName,
        section =>
        {
            var options = new VeeamProbeOptions();
            section.Bind(options);
            return options;
        },
        new VeeamProbeOptionsValidator(),
        (options, context) => new VeeamProbe(options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<VeeamProbe>()));
}
