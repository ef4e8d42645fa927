using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Ingest;

/// <summary>The rules for a Hello. Returns null when valid, else a reason naming the field.</summary>
internal static class HelloValidator
{
    public const int MaxProbes = 256;

    public static string? Validate(Hello hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        var error = TextRules.Check(hello.AgentId, "agent_id", ObservationLimits.MaxIdLength, required: true)
            ?? TextRules.CheckName(hello.AgentVersion, "agent_version")
            ?? TextRules.CheckName(hello.HostName, "host_name")
            ?? TextRules.CheckName(hello.OsDescription, "os_description")
            ?? (hello.Probes.Count > MaxProbes ? $"{hello.Probes.Count} probes; the limit is {MaxProbes}" : null);
        for (var i = 0; error is null && i < hello.Probes.Count; i++)
        {
            error = TextRules.CheckName(hello.Probes[i].Name, $"probes[{i}].name", required: true)
                ?? TextRules.CheckName(hello.Probes[i].Type, $"probes[{i}].type");
        }

        return error is null ? null : $"hello: {error}";
    }
}
