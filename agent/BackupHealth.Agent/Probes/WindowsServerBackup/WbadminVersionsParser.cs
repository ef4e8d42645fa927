using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.WindowsServerBackup;

/// <summary>Reads <c>wbadmin get versions</c>. Its labels are localized ("Backup time:", "Heure de la sauvegarde :"),
/// so no label is matched: each block is found by its version identifier, a value of the one fixed form
/// <c>MM/DD/YYYY-HH:MM</c> (UTC), and the other fields by their place around it — backup time two lines before,
/// backup target the line before, "can recover" the line after, and a <c>{GUID}</c> snapshot id before the next
/// block. Blank lines and the banner are skipped.</summary>
internal static partial class WbadminVersionsParser
{
    public static IReadOnlyList<WbadminVersion> Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r').Trim()).Where(l => l.Length > 0).ToList();
        var anchors = Enumerable.Range(0, lines.Count).Where(i => IdentifierLine().IsMatch(lines[i])).ToList();
        var versions = new List<WbadminVersion>(anchors.Count);
        for (var a = 0; a < anchors.Count; a++)
        {
            var i = anchors[a];
            // Lines before the identifier are this block's only past the previous block's identifier and "can recover".
            var floor = a > 0 ? anchors[a - 1] + 2 : 0;
            var next = a + 1 < anchors.Count ? anchors[a + 1] : lines.Count;
            var identifier = IdentifierLine().Match(lines[i]).Groups["id"].Value;
            versions.Add(new WbadminVersion(
                identifier,
                ReadUtc(identifier),
                FieldAt(lines, i - 2, floor, next),
                FieldAt(lines, i - 1, floor, next),
                FieldAt(lines, i + 1, floor, next),
                lines.Skip(i + 1).Take(next - i - 1).Select(l => SnapshotId().Match(l)).FirstOrDefault(m => m.Success)?.Value ?? ""));
        }

        return versions;
    }

    private static DateTime? ReadUtc(string identifier) =>
        DateTime.TryParseExact(identifier, "MM/dd/yyyy-HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            ? DateTime.SpecifyKind(time, DateTimeKind.Utc)
            : null;

    /// <summary>The text after the label: everything after the first colon (labels have none; values may, as times do).</summary>
    private static string ValueOf(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? line : line[(colon + 1)..].Trim();
    }

    private static string FieldAt(List<string> lines, int index, int floor, int next) =>
        index >= floor && index < next && !SnapshotId().IsMatch(lines[index]) ? ValueOf(lines[index]) : "";

    [GeneratedRegex(@"^[^:]*:\s*(?<id>\d{2}/\d{2}/\d{4}-\d{2}:\d{2})\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierLine();

    [GeneratedRegex(@"\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}", RegexOptions.CultureInvariant)]
    private static partial Regex SnapshotId();
}
