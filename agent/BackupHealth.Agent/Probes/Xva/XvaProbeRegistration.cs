using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Xva;

internal static class XvaProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        XvaProbe.TypeName,
        section =>
        {
            var options = new XvaProbeOptions();
            section.Bind(options);
            return options;
        },
        new XvaProbeOptionsValidator(),
        (options, context) => new XvaProbe(options, context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<XvaProbe>(),
            context.Metrics));
}
