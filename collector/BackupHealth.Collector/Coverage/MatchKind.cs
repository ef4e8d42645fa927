namespace BackupHealth.Collector.Coverage;

/// <summary>How a job was tied to a VM, strongest first.</summary>
internal enum MatchKind
{
    Uuid = 1,
    Vmid = 2,
    Name = 3,
    Mapping = 4,
}

internal static class MatchKindNames
{
    public static string Of(MatchKind kind) => kind switch
    {
        MatchKind.Uuid => "uuid",
        MatchKind.Vmid => "vmid",
        MatchKind.Name => "name",
        _ => "mapping",
    };
}
