using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.Files;

internal static class FilesProbeRegistration
{
    public static ProbeRegistration Registration { get; } = ProbeRegistration.Create(
        FilesProbe.TypeName,
        section =>
        {
            var options = new FilesProbeOptions();
            section.Bind(options);
            return options;
        },
        new FilesProbeOptionsValidator(),
        (options, context) => new FilesProbe(options, context.TimeProvider, context.LoggerFactory.CreateLogger<FilesProbe>()));
}
