using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.ProxmoxVzdump;

/// <summary>The vzdump tasks a Proxmox VE node knows, from its task folder: finished tasks in <c>index</c> (and
/// <c>index.1</c>, where pve-common moves it past about 50 kB) as <c>UPID ENDTIME STATUS</c>, running and recently
/// ended ones in <c>active</c> as <c>UPID SAVED [ENDTIME [STATUS]]</c> (end times in hex epoch seconds).</summary>
internal static partial class VzdumpTaskIndex
{
    public const string TaskType = "vzdump";

    public static List<VzdumpTask> Read(string tasksFolder)
    {
        var byUpid = new Dictionary<string, VzdumpTask>(StringComparer.Ordinal);
        foreach (var name in new[] { "index.1", "index" })
        {
            foreach (var line in ReadLines(Path.Combine(tasksFolder, name)))
            {
                if (IndexLine().Match(line) is { Success: true } m && Vzdump(m.Groups[1].Value) is { } upid)
                {
                    byUpid[upid.Text] = new VzdumpTask(upid, Epoch(m.Groups[2].Value), m.Groups[3].Success ? m.Groups[3].Value.Trim() : null);
                }
            }
        }

        foreach (var line in ReadLines(Path.Combine(tasksFolder, "active")))
        {
            if (ActiveLine().Match(line) is { Success: true } m && Vzdump(m.Groups[1].Value) is { } upid
                && (!byUpid.TryGetValue(upid.Text, out var known) || known.IsRunning))
            {
                var end = m.Groups[2].Success ? Epoch(m.Groups[2].Value) : null;
                byUpid[upid.Text] = new VzdumpTask(upid, end, end is null ? null : m.Groups[3].Success ? m.Groups[3].Value.Trim() : null);
            }
        }

        return byUpid.Values.OrderBy(t => t.Upid.Start).ThenBy(t => t.Upid.Text, StringComparer.Ordinal).ToList();
    }

    /// <summary>Lines of a file Proxmox VE may be appending to or renaming at the same moment; none when it is absent.</summary>
    public static IEnumerable<string> ReadLines(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            yield break;
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    private static Upid? Vzdump(string text) => Upid.TryParse(text) is { Type: TaskType } upid ? upid : null;

    private static DateTimeOffset? Epoch(string hex) =>
        long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    [GeneratedRegex(@"^(\S+)\s([0-9A-Fa-f]{8})(?:\s(.*))?$")]
    private static partial Regex IndexLine();

    [GeneratedRegex(@"^(\S+)\s[01](?:\s([0-9A-Fa-f]{8})(?:\s(.*))?)?$")]
    private static partial Regex ActiveLine();
}
