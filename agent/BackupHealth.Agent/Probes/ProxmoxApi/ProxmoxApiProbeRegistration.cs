using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.ProxmoxApi;

internal static class ProxmoxApiProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        ProxmoxApiProbe.TypeName,
        section =>
        {
            var options = new ProxmoxApiProbeOptions();
            section.Bind(options);
            return options;
        },
        new ProxmoxApiProbeOptionsValidator(),
        (options, context) => new ProxmoxApiProbe(
            options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<ProxmoxApiProbe>()));
}
