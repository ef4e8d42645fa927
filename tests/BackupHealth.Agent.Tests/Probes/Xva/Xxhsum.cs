namespace BackupHealth.Agent.Tests.Probes.Xva;

/// <summary>Runs the real <c>xxhsum</c> (Debian package xxhash): XXH64 values that do not come from the code under
/// test, nor from the library it uses.</summary>
internal static class Xxhsum
{
    /// <returns>Each file's XXH64 as xxhsum prints it (16 lower-case hex digits), in the order given.</returns>
    public static IReadOnlyList<string> Xxh64(params string[] files)
    {
        var lines = RealTool.Run("xxhsum", "xxhash", null, ["-H1", .. files]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(files.Length, lines.Length);
        return [.. lines.Select(l => l[..16])];
    }
}
