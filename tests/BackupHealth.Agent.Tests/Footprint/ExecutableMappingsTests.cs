using BackupHealth.Agent.Footprint;

namespace BackupHealth.Agent.Tests.Footprint;

public sealed class ExecutableMappingsTests
{
    private const string Agent = "/opt/backuphealth/backuphealth-agent";

    // Shaped like /proc/self/smaps of the published agent (fields trimmed to the ones that matter and a few others).
    private static readonly string Smaps = string.Join('\n',
        Mapping("55daab000000-55daab400000", "r--p", Agent, rss: 3000, anonymous: 0),
        Mapping("55daab400000-55daabc00000", "r-xp", Agent, rss: 7000, anonymous: 0),
        Mapping("55daabc00000-55daabd00000", "r--p", Agent, rss: 900, anonymous: 12),
        Mapping("55daabde4000-55daabe2b000", "rw-p", Agent, rss: 284, anonymous: 120),
        Mapping("55daabe2b000-55daac3e3000", "rw-p", "", rss: 5680, anonymous: 5680),
        Mapping("7f1efc6c5000-7f1efc942000", "r-xp", "/usr/lib/x86_64-linux-gnu/libc.so.6", rss: 1200, anonymous: 0),
        Mapping("7f1efd000000-7f1efd001000", "r--p", "/opt/backuphealth/backuphealth-agent (deleted)", rss: 4, anonymous: 0),
        Mapping("7f1eff000000-7f1eff100000", "r--p", "/opt/other dir/backuphealth-agent", rss: 40, anonymous: 0));

    [Fact]
    public void Only_the_executables_read_only_ranges_without_private_pages_are_releasable()
    {
        var ranges = ExecutableMappings.Releasable(new StringReader(Smaps), Agent);

        Assert.Equal(
            [
                new MappedRange(0x55daab000000, 0x55daab400000, 3000 * 1024),
                new MappedRange(0x55daab400000, 0x55daabc00000, 7000 * 1024),
            ],
            ranges);
        Assert.Equal(0x400000UL, ranges[0].Length);
    }

    [Fact]
    public void A_path_with_spaces_is_matched_whole()
    {
        var ranges = ExecutableMappings.Releasable(new StringReader(Smaps), "/opt/other dir/backuphealth-agent");

        Assert.Equal([new MappedRange(0x7f1eff000000, 0x7f1eff100000, 40 * 1024)], ranges);
    }

    [Fact]
    public void Nothing_when_the_executable_is_not_mapped()
    {
        Assert.Empty(ExecutableMappings.Releasable(new StringReader(Smaps), "/usr/bin/dotnet"));
    }

    [Fact]
    public void The_last_mapping_of_the_text_counts_too()
    {
        var text = Mapping("1000-3000", "r-xp", Agent, rss: 8, anonymous: 0);

        Assert.Equal([new MappedRange(0x1000, 0x3000, 8 * 1024)], ExecutableMappings.Releasable(new StringReader(text), Agent));
    }

    [Fact]
    public void This_processs_own_smaps_parses_and_names_only_its_executable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var executable = Environment.ProcessPath!;
        using var smaps = new StreamReader("/proc/self/smaps");

        var ranges = ExecutableMappings.Releasable(smaps, executable);

        // The test host's executable (dotnet) is mapped read-only at least once; every range is a real one.
        Assert.NotEmpty(ranges);
        Assert.All(ranges, r => Assert.True(r.End > r.Start && r.ResidentBytes >= 0 && r.ResidentBytes <= (long)r.Length));
    }

    private static string Mapping(string range, string permissions, string path, int rss, int anonymous) =>
        $"""
        {range} {permissions} 00000000 fe:01 1234567                    {path}
        Size:               4096 kB
        KernelPageSize:        4 kB
        Rss:                {rss} kB
        Pss:                {rss} kB
        Private_Dirty:      {anonymous} kB
        Anonymous:          {anonymous} kB
        VmFlags: rd ex mr mw me sd
        """;
}
