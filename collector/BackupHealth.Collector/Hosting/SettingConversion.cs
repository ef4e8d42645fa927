using System.Text.RegularExpressions;

namespace BackupHealth.Collector.Hosting;

/// <summary>Words the configuration binder's failure ("Failed to convert configuration value 'soon' at
/// 'Collector:MaxClockSkew' to type 'System.TimeSpan'.") as the setting's line: <c>Collector:MaxClockSkew: 'soon' is
/// not a valid TimeSpan</c>.</summary>
internal static partial class SettingConversion
{
    public static string? Problem(InvalidOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var match = Failure().Match(exception.Message);
        if (!match.Success)
        {
            return null;
        }

        var type = match.Groups["type"].Value;
        return $"{match.Groups["path"].Value}: '{match.Groups["value"].Value}' is not a valid {type[(type.LastIndexOf('.') + 1)..]}";
    }

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex Failure();
}
