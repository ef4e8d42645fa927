using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.ProxmoxBackupServer;

internal static class ProxmoxBackupServerProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        ProxmoxBackupServerProbe.TypeName,
        section =>
        {
            var options = new ProxmoxBackupServerProbeOptions();
            section.Bind(options);
            return options;
        },
        new ProxmoxBackupServerProbeOptionsValidator(),
        (options, context) => new ProxmoxBackupServerProbe(
            options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<ProxmoxBackupServerProbe>()));
}
