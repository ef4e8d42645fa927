using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

internal static class ProxmoxVzdumpProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        ProxmoxVzdumpProbe.TypeName,
        section =>
        {
            var options = new ProxmoxVzdumpProbeOptions();
            section.Bind(options);
            return options;
        },
        new ProxmoxVzdumpProbeOptionsValidator(),
        (options, context) => new ProxmoxVzdumpProbe(
            options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<ProxmoxVzdumpProbe>()));
}
