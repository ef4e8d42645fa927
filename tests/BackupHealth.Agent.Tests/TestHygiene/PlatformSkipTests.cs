using System.Text.RegularExpressions;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.TestHygiene;

/// <summary>A test that returns early on the wrong platform is reported "passed" there without having run; it must
/// be skipped instead (<see cref="LinuxFactAttribute"/>, as the NativeAOT agent's tests do).</summary>
public sealed partial class PlatformSkipTests
{
    [Fact]
    public void No_test_returns_early_by_platform_instead_of_being_skipped()
    {
        var tests = RepositoryFolder("tests");

        var offenders = Directory.EnumerateFiles(tests, "*Tests.cs", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != $"{nameof(PlatformSkipTests)}.cs") // its own example below
            .SelectMany(file => EarlyReturn().Matches(File.ReadAllText(file)).Select(m => $"{Path.GetRelativePath(tests, file)}: {m.Groups["name"].Value}"))
            .ToList();

        Assert.True(offenders.Count == 0, "use [LinuxFact]/[LinuxTheory] instead of returning early:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_rule_finds_a_test_that_returns_early()
    {
        const string Test = """
                [Theory]
                [InlineData("{ }")]
                public async Task Reads_the_real_tool(string text)
                {
                    if (!OperatingSystem.IsLinux())
                    {
                        return;
                    }
            """;

        Assert.Equal("Reads_the_real_tool", EarlyReturn().Match(Test).Groups["name"].Value);
    }

    private static string RepositoryFolder(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "BackupHealth.sln")))
            {
                return Path.Combine(folder.FullName, name);
            }
        }

        throw new InvalidOperationException($"No BackupHealth.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>A [Fact] or [Theory] (with any attribute lines after it) whose body starts with
    /// <c>if (OperatingSystem.IsX()) return</c>, braced or not, negated or not.</summary>
    [GeneratedRegex("""\[(?:Fact|Theory)\][ \t]*\r?\n(?:[ \t]*\[[^\r\n]*\][ \t]*\r?\n)*[ \t]*public [^\r\n]*?(?<name>\w+)\([^\r\n]*\r?\n[ \t]*\{\s*if \(!?OperatingSystem\.Is\w+\(\)\)\s*\{?\s*return;""")]
    private static partial Regex EarlyReturn();
}
