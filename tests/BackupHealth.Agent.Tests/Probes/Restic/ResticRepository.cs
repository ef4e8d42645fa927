using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.Restic;

/// <summary>A real restic repository in a temp folder, made and written by the real <c>restic</c> program: a tiny
/// source folder backed up as two hosts. <see cref="Copy"/> gives each test its own repository without paying for
/// <c>restic init</c>'s key derivation again.</summary>
public sealed class ResticRepository : IDisposable
{
    public const string Password = "correct horse battery staple";

    private readonly TempDirectory _root = new("restic");
    private readonly ProcessCommandRunner _runner = new(TimeProvider.System);

    public ResticRepository()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Directory.CreateDirectory(Source);
        File.WriteAllText(Path.Combine(Source, "notes.txt"), "hello restic\n");
        // Incompressible, so the pack holding it is the largest one in the repository (trees are a few hundred bytes).
        var data = new byte[8 * 1024];
        new Random(42).NextBytes(data);
        File.WriteAllBytes(Path.Combine(Source, "data.bin"), data);
        Restic(Template, "init").GetAwaiter().GetResult();
        Restic(Template, "backup", Source, "--host", "web01", "--tag", "nightly").GetAwaiter().GetResult();
        Restic(Template, "backup", Source, "--host", "db01").GetAwaiter().GetResult();
    }

    public string Source => _root.Combine("source");

    private string Template => _root.Combine("template");

    public string Cache => _root.Combine("cache");

    /// <summary>A fresh copy of the repository with its two snapshots.</summary>
    public string Copy()
    {
        var target = _root.Combine($"repo-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(Template, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        foreach (var directory in Directory.EnumerateDirectories(Template, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(Template, directory)));
        }

        return target;
    }

    /// <summary>The repository's pack files, largest first: the first holds <c>data.bin</c>'s blobs, not a tree.</summary>
    public static IReadOnlyList<string> DataPacks(string repository) =>
        [.. new DirectoryInfo(Path.Combine(repository, "data")).EnumerateFiles("*", SearchOption.AllDirectories).OrderByDescending(f => f.Length).Select(f => f.FullName)];

    public async Task<string> Restic(string repository, params string[] arguments)
    {
        var command = new CommandSpec(
            "restic",
            ["--cache-dir", Cache, "--quiet", .. arguments],
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?> { ["RESTIC_REPOSITORY"] = repository, ["RESTIC_PASSWORD"] = Password });
        var result = await _runner.RunAsync(command, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe(command));
        }

        return result.StandardOutput;
    }

    public void Dispose() => _root.Dispose();
}
