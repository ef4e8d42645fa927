using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Unitrends;

internal static class UnitrendsProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        UnitrendsProbe.TypeName,
        section =>
        {
            var options = new UnitrendsProbeOptions();
            section.Bind(options);
            return options;
        },
        new UnitrendsProbeOptionsValidator(),
        (options, context) => new UnitrendsProbe(
            options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<UnitrendsProbe>()));
}
