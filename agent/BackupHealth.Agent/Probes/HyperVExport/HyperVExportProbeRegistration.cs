using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.HyperVExport;

internal static class HyperVExportProbeRegistration
{
    /// <summary>With the VM inventory read through PowerShell's CIM cmdlets on Windows; exports only elsewhere.</summary>
    public static ProbeRegistration Registration { get; } = Create(WindowsInventory);

    /// <summary>For tests: the probe asks <paramref name="inventory"/> for the host's VMs on any OS.</summary>
    public static ProbeRegistration For(IHyperVInventorySource? inventory) => Create(_ => inventory);

    private static ProbeRegistration Create(Func<ProbeContext, IHyperVInventorySource?> inventory) => ProbeRegistration.Create(
        HyperVExportProbe.TypeName,
        section =>
        {
            var options = new HyperVExportProbeOptions();
            section.Bind(options);
            return options;
        },
        new HyperVExportProbeOptionsValidator(),
        (options, context) => new HyperVExportProbe(
            options,
            options.EffectiveIncludeInventory ? inventory(context) : null,
            context.TimeProvider,
            context.States.For(options.Name),
            context.LoggerFactory.CreateLogger<HyperVExportProbe>()));

    private static IHyperVInventorySource? WindowsInventory(ProbeContext context) =>
        OperatingSystem.IsWindows() ? new CimHyperVInventorySource(context.Commands) : null;
}
