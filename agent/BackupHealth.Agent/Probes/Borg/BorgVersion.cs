using System.Text.RegularExpressions;

namespace BackupHealth.Agent.Probes.Borg;

/// <summary>Reads <c>borg --version</c> (<c>borg 1.2.4</c>).</summary>
internal static partial class BorgVersion
{
    public static Version? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var match = Number().Match(output);
        return match.Success && Version.TryParse(match.Groups["v"].Value, out var version) ? version : null;
    }

    [GeneratedRegex(@"borg(\.exe)?\s+(?<v>\d+\.\d+(\.\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex Number();
}
