using System.Reflection;
using System.Runtime.InteropServices;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Agent.Transport;

/// <summary>The first message of every stream: who this agent is and which probes it runs.</summary>
internal static class AgentHello
{
    public static string Version { get; } =
        typeof(AgentHello).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static Hello Create(AgentOptions options, ProbeCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(catalog);
        var hello = new Hello
        {
            AgentId = options.Id,
            AgentVersion = Version,
            HostName = Environment.MachineName,
            OsDescription = RuntimeInformation.OSDescription,
            AgentTime = Timestamp.FromDateTimeOffset(now),
        };
        hello.Probes.AddRange(catalog.Probes.Select(p => new ConfiguredProbe
        {
            Name = p.Name,
            Type = p.Type,
            Interval = Duration.FromTimeSpan(p.Options.Interval),
        }));
        return hello;
    }
}
