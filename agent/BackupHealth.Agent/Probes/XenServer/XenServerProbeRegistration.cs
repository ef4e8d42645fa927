using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.XenServer;

internal static class XenServerProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        XenServerProbe.TypeName,
        section =>
        {
            var options = new XenServerProbeOptions();
            section.Bind(options);
            return options;
        },
        new XenServerProbeOptionsValidator(),
        (options, context) => new XenServerProbe(
            options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<XenServerProbe>()));
}
