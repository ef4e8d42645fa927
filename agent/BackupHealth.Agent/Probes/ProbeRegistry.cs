using BackupHealth.Agent.Probes.Borg;
using BackupHealth.Agent.Probes.Command;
using BackupHealth.Agent.Probes.Files;
using BackupHealth.Agent.Probes.HyperVExport;
using BackupHealth.Agent.Probes.ProxmoxApi;
using BackupHealth.Agent.Probes.ProxmoxBackupServer;
using BackupHealth.Agent.Probes.ProxmoxVzdump;
using BackupHealth.Agent.Probes.Restic;
using BackupHealth.Agent.Probes.Unitrends;
using BackupHealth.Agent.Probes.Veeam;
using BackupHealth.Agent.Probes.VeeamAgent;
using BackupHealth.Agent.Probes.VeeamEvents;
using BackupHealth.Agent.Probes.WindowsServerBackup;
using BackupHealth.Agent.Probes.XenServer;
using BackupHealth.Agent.Probes.Xva;

namespace BackupHealth.Agent.Probes;

/// <summary>The probe types this agent knows, by the <c>Type</c> name used in configuration.</summary>
internal sealed class ProbeRegistry
{
    private readonly Dictionary<string, ProbeRegistration> _byType;

    public ProbeRegistry(IEnumerable<ProbeRegistration> registrations)
    {
        _byType = registrations.ToDictionary(r => r.Type, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every built-in probe type; adding a type is one line here.</summary>
    public static ProbeRegistry Default { get; } = new(
    [
        FilesProbeRegistration.Registration,
        UnitrendsProbeRegistration.Registration,
        XenServerProbeRegistration.Registration,
        VeeamProbeRegistration.Registration,
        VeeamEventsProbeRegistration.Registration,
        VeeamAgentProbeRegistration.Registration,
        XvaProbeRegistration.Registration,
        WsbProbeRegistration.Registration,
        HyperVExportProbeRegistration.Registration,
        ProxmoxVzdumpProbeRegistration.Registration,
        ProxmoxApiProbeRegistration.Registration,
        ProxmoxBackupServerProbeRegistration.Registration,
        ResticProbeRegistration.Registration,
        BorgProbeRegistration.Registration,
        CommandProbeRegistration.Registration,
    ]);

    public IEnumerable<string> KnownTypes => _byType.Keys.Order(StringComparer.Ordinal);

    public ProbeRegistration? Find(string type) => _byType.GetValueOrDefault(type);
}
