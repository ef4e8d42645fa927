using System.Globalization;

namespace BackupHealth.Agent.Footprint;

/// <summary>One address range of a process's memory map.</summary>
internal readonly record struct MappedRange(ulong Start, ulong End, long ResidentBytes)
{
    public ulong Length => End - Start;
}

/// <summary>Finds, in the text of <c>/proc/self/smaps</c>, the ranges of the executable and of the shared libraries it
/// loaded (libc, libm, the loader) that may be dropped from memory and read back from the file when touched again:
/// read-only, file-backed, and holding no private copy of any page (<c>Anonymous: 0 kB</c>). Writable ranges and
/// read-only ones with private copies (relocated data the loader wrote, then protected) are left alone: dropping those
/// would bring back the file's unrelocated bytes. So are data files, deleted files and the kernel's own mappings
/// (<c>[vdso]</c>, <c>[heap]</c>, <c>memfd:</c>).</summary>
internal static class ExecutableMappings
{
    public static IReadOnlyList<MappedRange> Releasable(TextReader smaps, string executablePath)
    {
        ArgumentNullException.ThrowIfNull(smaps);
        var result = new List<MappedRange>();
        Candidate? current = null;
        while (smaps.ReadLine() is { } line)
        {
            if (Header.TryParse(line, out var header))
            {
                Add(current);
                current = (header.Path == executablePath || IsSharedLibrary(header.Path))
                    && header.Permissions.Length >= 2 && header.Permissions[0] == 'r' && header.Permissions[1] == '-'
                    ? new Candidate(header.Start, header.End)
                    : null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                current.ResidentBytes = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("Anonymous:", StringComparison.Ordinal) && Kilobytes(line) != 0)
            {
                current.HasPrivatePages = true;
            }
        }

        Add(current);
        return result;

        void Add(Candidate? candidate)
        {
            if (candidate is { HasPrivatePages: false })
            {
                result.Add(new MappedRange(candidate.Start, candidate.End, candidate.ResidentBytes));
            }
        }
    }

    /// <summary>An absolute path whose file name has <c>.so</c> as its extension or before a version
    /// (<c>libc.so.6</c>, <c>ld-linux-x86-64.so.2</c>), and that is not marked deleted.</summary>
    internal static bool IsSharedLibrary(string path)
    {
        if (!path.StartsWith('/') || path.EndsWith(" (deleted)", StringComparison.Ordinal))
        {
            return false;
        }

        var name = path.AsSpan(path.LastIndexOf('/') + 1);
        var so = name.IndexOf(".so", StringComparison.Ordinal);
        return so > 0 && (so + 3 == name.Length || name[so + 3] == '.');
    }

    private static long Kilobytes(string line)
    {
        var value = line.AsSpan(line.IndexOf(':') + 1).Trim();
        var space = value.IndexOf(' ');
        return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private sealed class Candidate(ulong start, ulong end)
    {
        public ulong Start { get; } = start;

        public ulong End { get; } = end;

        public long ResidentBytes { get; set; }

        public bool HasPrivatePages { get; set; }
    }

    /// <summary><c>start-end perms offset dev inode [path]</c>.</summary>
    private readonly record struct Header(ulong Start, ulong End, string Permissions, string Path)
    {
        public static bool TryParse(string line, out Header header)
        {
            header = default;
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var dash = fields.Length < 5 ? -1 : fields[0].IndexOf('-');
            if (dash <= 0
                || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end))
            {
                return false;
            }

            header = new Header(start, end, fields[1], fields.Length > 5 ? fields[5].Trim() : "");
            return true;
        }
    }
}
