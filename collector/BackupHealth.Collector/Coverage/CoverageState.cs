namespace BackupHealth.Collector.Coverage;

internal enum CoverageState
{
    /// <summary>A job tied to the VM made a backup of it within that job's expectation.</summary>
    Protected = 1,

    /// <summary>No job made a backup of it within its expectation, or no job is tied to it at all.</summary>
    Unprotected = 2,

    /// <summary>A person said it is not backed up on purpose.</summary>
    Excluded = 3,

    /// <summary>Not protected, but powered off (and only running VMs are judged).</summary>
    NotRunning = 4,
}

internal static class CoverageStateNames
{
    public const string Protected = "protected";
    public const string Unprotected = "unprotected";
    public const string Excluded = "excluded";
    public const string NotRunning = "not-running";

    public static readonly IReadOnlyList<string> All = [Protected, Unprotected, Excluded, NotRunning];

    public static string Of(CoverageState state) => state switch
    {
        CoverageState.Protected => Protected,
        CoverageState.Unprotected => Unprotected,
        CoverageState.Excluded => Excluded,
        _ => NotRunning,
    };
}
