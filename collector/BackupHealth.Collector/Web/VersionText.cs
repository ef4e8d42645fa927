namespace BackupHealth.Collector.Web;

/// <summary>An agent's version as a table cell has room for: "1.4.0+<40-hex commit>" (what .NET builds put in the
/// informational version) becomes "1.4.0+3f2a9c1", the full text going to the cell's tooltip.</summary>
internal static class VersionText
{
    public const int CommitChars = 7;

    public static string Short(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0 || version.Length - plus - 1 <= CommitChars)
        {
            return version;
        }

        return version[..(plus + 1 + CommitChars)];
    }
}
