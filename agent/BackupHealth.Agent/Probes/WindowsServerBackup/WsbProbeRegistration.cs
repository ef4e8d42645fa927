using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Agent.Probes.Shared.EventLog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

internal static class WsbProbeRegistration
{
    /// <summary>Reads the real event log and wbadmin; refused at start on any other OS.</summary>
    public static ProbeRegistration Registration { get; } = Create(OperatingSystem.IsWindows(), WindowsSource, commands: null);

    /// <summary>For tests: the probe reads <paramref name="source"/> (and <paramref name="commands"/>, or the context's
    /// runner) on any OS.</summary>
    public static ProbeRegistration For(IWindowsEventSource source, ICommandRunner? commands = null) =>
        Create(isWindows: true, () => source, commands);

    private static ProbeRegistration Create(bool isWindows, Func<IWindowsEventSource> source, ICommandRunner? commands) => ProbeRegistration.Create(
        WsbProbe.TypeName,
        section =>
        {
            var options = new WsbProbeOptions();
            section.Bind(options);
            return options;
        },
        new WindowsOnlyValidator<WsbProbeOptions>(new WsbProbeOptionsValidator(), isWindows, WsbProbe.NotWindowsMessage),
        (options, context) => new WsbProbe(
            options,
            options.Source == WsbSource.EventLog ? source() : NoEvents.Instance,
            commands ?? context.Commands,
            context.TimeProvider,
            context.States.For(options.Name),
            context.LoggerFactory.CreateLogger<WsbProbe>()));

    private static IWindowsEventSource WindowsSource()
    {
        if (OperatingSystem.IsWindows())
        {
            return new WindowsEventLogSource();
        }

        throw new PlatformNotSupportedException(WsbProbe.NotWindowsMessage);
    }

    /// <summary>For a probe that reads wbadmin only.</summary>
    private sealed class NoEvents : IWindowsEventSource
    {
        public static readonly NoEvents Instance = new();

        public IReadOnlyList<WindowsEvent>? Read(WindowsEventQuery query, CancellationToken cancellationToken) => null;
    }
}
