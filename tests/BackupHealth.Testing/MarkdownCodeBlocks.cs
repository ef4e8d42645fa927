namespace BackupHealth.Testing;

/// <summary>Reads the fenced code blocks of the repository's markdown files, so tests can run the examples the
/// documentation shows instead of copies of them.</summary>
public static class MarkdownCodeBlocks
{
    public const string MarkPrefix = "<!-- docs-test:";

    /// <summary>The repository's folder: the one holding BackupHealth.sln above the test's output folder.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackupHealth.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No BackupHealth.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Every README.md (outside build output and dot-folders such as .run) and every docs/*.md, as paths
    /// relative to the repository.</summary>
    public static IReadOnlyList<string> DocumentationFiles()
    {
        var root = RepositoryRoot();
        var readmes = Directory.EnumerateFiles(root, "README.md", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(Path.GetRelativePath(root, path)));
        var docs = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md");
        return [.. readmes.Concat(docs).Select(path => Path.GetRelativePath(root, path).Replace('\\', '/')).Order(StringComparer.Ordinal)];
    }

    /// <summary>The blocks of every documentation file.</summary>
    public static IReadOnlyList<MarkdownCodeBlock> All() => [.. DocumentationFiles().SelectMany(Read)];

    /// <summary>The blocks of one file, given relative to the repository.</summary>
    public static IReadOnlyList<MarkdownCodeBlock> Read(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), file));
        var blocks = new List<MarkdownCodeBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = lines[i].TrimStart();
            if (!fence.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var indent = lines[i].Length - fence.Length;
            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                body.Add(lines[i].Length >= indent ? lines[i][indent..] : lines[i].TrimStart());
            }

            blocks.Add(new MarkdownCodeBlock(file, start + 1, fence[3..].Trim(), string.Join('\n', body), MarkBefore(lines, start)));
        }

        return blocks;
    }

    private static string? MarkBefore(string[] lines, int fence)
    {
        var previous = fence - 1;
        while (previous >= 0 && lines[previous].Trim().Length == 0)
        {
            previous--;
        }

        var line = previous >= 0 ? lines[previous].Trim() : "";
        return line.StartsWith(MarkPrefix, StringComparison.Ordinal) && line.EndsWith("-->", StringComparison.Ordinal)
            ? line[MarkPrefix.Length..^3].Trim()
            : null;
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).SkipLast(1).Any(part => part is "bin" or "obj" or "artifacts" or "node_modules" || part.StartsWith('.'));
}
