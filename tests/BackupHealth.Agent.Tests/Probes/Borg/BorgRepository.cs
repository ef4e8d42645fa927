using BackupHealth.Agent.Probes.Shared.Commands;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Probes.Borg;

/// <summary>A real Borg repository (repokey encryption) in a temp folder with two archives of a tiny folder, made by
/// the real <c>borg</c> program. <see cref="Copy"/> gives each test its own repository.</summary>
public sealed class BorgRepository : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    private readonly TempDirectory _root = new("borg");
    private readonly ProcessCommandRunner _runner = new(TimeProvider.System);

    public BorgRepository()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Directory.CreateDirectory(Source);
        File.WriteAllText(Path.Combine(Source, "notes.txt"), "hello borg\n");
        var data = new byte[8 * 1024];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(Path.Combine(Source, "data.bin"), data);
        Borg(Template, "init", "--encryption=repokey").GetAwaiter().GetResult();
        Borg(Template, "create", "::fs01-first", Source).GetAwaiter().GetResult();
        Borg(Template, "create", "::fs01-second", Source).GetAwaiter().GetResult();
    }

    public string Source => _root.Combine("source");

    private string Template => _root.Combine("template");

    /// <summary>A folder for a probe's BORG_BASE_DIR (cache, security records), fresh for each call.</summary>
    public string NewBaseDirectory() => Directory.CreateDirectory(_root.Combine($"base-{Guid.NewGuid():N}")).FullName;

    public string Copy()
    {
        var target = _root.Combine($"repo-{Guid.NewGuid():N}");
        foreach (var directory in Directory.EnumerateDirectories(Template, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(Template, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(Template, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(Template, file)));
        }

        return target;
    }

    /// <summary>The largest segment file: the one holding <c>data.bin</c>'s chunks.</summary>
    public static string LargestSegment(string repository) =>
        new DirectoryInfo(Path.Combine(repository, "data")).EnumerateFiles("*", SearchOption.AllDirectories).MaxBy(f => f.Length)!.FullName;

    /// <summary>Runs borg on <paramref name="repository"/> with a fresh base folder: copies share the template's
    /// repository id, so one borg cache for all would see "cache is newer than repository".</summary>
    public Task<string> Borg(string repository, params string[] arguments) =>
        BorgAs(repository, NewBaseDirectory(), Passphrase, arguments);

    public async Task<string> BorgAs(string repository, string baseDirectory, string? passphrase, params string[] arguments)
    {
        var command = new CommandSpec(
            "borg",
            arguments,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string?>
            {
                ["BORG_REPO"] = repository,
                ["BORG_PASSPHRASE"] = passphrase,
                ["BORG_BASE_DIR"] = baseDirectory,
                ["BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK"] = "yes",
                ["BORG_RELOCATED_REPO_ACCESS_IS_OK"] = "yes",
            });
        var result = await _runner.RunAsync(command, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe(command));
        }

        return result.StandardOutput;
    }

    public void Dispose() => _root.Dispose();
}
