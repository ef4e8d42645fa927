using BackupHealth.Agent.Footprint;
using BackupHealth.Testing;

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
        Mapping("7f1efc942000-7f1efc998000", "r--p", "/usr/lib/x86_64-linux-gnu/libc.so.6", rss: 360, anonymous: 16),
        Mapping("7f1efc998000-7f1efc99c000", "rw-p", "/usr/lib/x86_64-linux-gnu/libc.so.6", rss: 8, anonymous: 8),
        Mapping("7f1efca00000-7f1efca20000", "r--p", "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", rss: 52, anonymous: 0),
        Mapping("7f1efcb00000-7f1efcb10000", "r--p", "/var/lib/backuphealth/cache.sqlite", rss: 64, anonymous: 0),
        Mapping("7f1efcc00000-7f1efcc10000", "r-xp", "/opt/old/libfoo.so.1 (deleted)", rss: 64, anonymous: 0),
        Mapping("7f1efcd00000-7f1efcd10000", "r--p", "/usr/share/zoneinfo/some.source", rss: 8, anonymous: 0),
        Mapping("7ffd1b3f2000-7ffd1b3f4000", "r-xp", "[vdso]", rss: 8, anonymous: 0),
        Mapping("7f1efd000000-7f1efd001000", "r--p", "/opt/backuphealth/backuphealth-agent (deleted)", rss: 4, anonymous: 0),
        Mapping("7f1eff000000-7f1eff100000", "r--p", "/opt/other dir/backuphealth-agent", rss: 40, anonymous: 0));

    [Fact]
    public void Only_read_only_ranges_of_the_executable_and_its_libraries_without_private_pages_are_releasable()
    {
        var ranges = ExecutableMappings.Releasable(new StringReader(Smaps), Agent);

        Assert.Equal(
            [
                new MappedRange(0x55daab000000, 0x55daab400000, 3000 * 1024),
                new MappedRange(0x55daab400000, 0x55daabc00000, 7000 * 1024),
                new MappedRange(0x7f1efc6c5000, 0x7f1efc942000, 1200 * 1024),
                new MappedRange(0x7f1efca00000, 0x7f1efca20000, 52 * 1024),
            ],
            ranges);
        Assert.Equal(0x400000UL, ranges[0].Length);
    }

    [Theory]
    [InlineData("/usr/lib/x86_64-linux-gnu/libc.so.6", true)]
    [InlineData("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", true)]
    [InlineData("/opt/lib/libz.so", true)]
    [InlineData("/opt/lib/libfoo.so.1 (deleted)", false)]
    [InlineData("/opt/lib/data.sock", false)]
    [InlineData("/opt/lib/.so", false)]
    [InlineData("/var/lib/backuphealth/outbox.sqlite", false)]
    [InlineData("libc.so.6", false)]
    [InlineData("[vdso]", false)]
    [InlineData("", false)]
    public void Shared_libraries_are_told_by_their_file_name(string path, bool expected) =>
        Assert.Equal(expected, ExecutableMappings.IsSharedLibrary(path));

    [Fact]
    public void A_path_with_spaces_is_matched_whole()
    {
        var ranges = ExecutableMappings.Releasable(new StringReader(Smaps), "/opt/other dir/backuphealth-agent");

        Assert.Contains(new MappedRange(0x7f1eff000000, 0x7f1eff100000, 40 * 1024), ranges);
        Assert.DoesNotContain(ranges, r => r.Start is 0x55daab000000 or 0x55daab400000);
    }

    [Fact]
    public void Only_the_libraries_when_the_executable_is_not_mapped()
    {
        var ranges = ExecutableMappings.Releasable(new StringReader(Smaps), "/usr/bin/dotnet");

        Assert.Equal([0x7f1efc6c5000UL, 0x7f1efca00000UL], ranges.Select(r => r.Start));
    }

    [Fact]
    public void The_last_mapping_of_the_text_counts_too()
    {
        var text = Mapping("1000-3000", "r-xp", Agent, rss: 8, anonymous: 0);

        Assert.Equal([new MappedRange(0x1000, 0x3000, 8 * 1024)], ExecutableMappings.Releasable(new StringReader(text), Agent));
    }

    [LinuxFact]
    public void This_processs_own_smaps_parses_and_names_its_executable_and_libraries()
    {
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
