using BackupHealth.Agent.Probes.Shared.EventLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.VeeamEvents;

internal static class VeeamEventsProbeRegistration
{
    /// <summary>Reads the real Windows event log; refused at start on any other OS.</summary>
    public static ProbeRegistration Registration { get; } = Create(OperatingSystem.IsWindows(), WindowsSource);

    /// <summary>For tests: the probe reads <paramref name="source"/> on any OS.</summary>
    public static ProbeRegistration For(IWindowsEventSource source) => Create(isWindows: true, () => source);

    private static ProbeRegistration Create(bool isWindows, Func<IWindowsEventSource> source) => ProbeRegistration.Create(
        VeeamEventsProbe.TypeName,
        section =>
        {
            var options = new VeeamEventsProbeOptions();
            section.Bind(options);
            return options;
        },
        new WindowsOnlyValidator<VeeamEventsProbeOptions>(new VeeamEventsProbeOptionsValidator(), isWindows, VeeamEventsProbe.NotWindowsMessage),
        (options, context) => new VeeamEventsProbe(
            options, source(), context.TimeProvider, context.States.For(options.Name), context.LoggerFactory.CreateLogger<VeeamEventsProbe>()));

    private static IWindowsEventSource WindowsSource()
    {
        if (OperatingSystem.IsWindows())
        {
            return new WindowsEventLogSource();
        }

        throw new PlatformNotSupportedException(VeeamEventsProbe.NotWindowsMessage);
    }
}
