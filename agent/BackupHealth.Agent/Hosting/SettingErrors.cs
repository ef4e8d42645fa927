using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Hosting;

/// <summary>Turns validator output into messages that start with the setting's configuration path, e.g.
/// <c>Probes:0:Path: The Path field is required.</c>, so an operator knows which line of the file to fix.</summary>
internal static partial class SettingErrors
{
    /// <summary>Words a binder failure ("Failed to convert configuration value 'abc' at 'Agent:HeartbeatInterval' to
    /// type 'System.TimeSpan'.") as <c>Agent:HeartbeatInterval: 'abc' is not a valid TimeSpan</c>.</summary>
    public static string FromBinder(InvalidOperationException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var match = ConversionFailure().Match(exception.Message);
        if (!match.Success)
        {
            return exception.Message;
        }

        var type = match.Groups["type"].Value;
        var example = type switch
        {
            "System.TimeSpan" => " (e.g. 00:05:00 or 1.02:00:00)",
            _ => "",
        };
        return $"{match.Groups["path"].Value}: '{match.Groups["value"].Value}' is not a valid {type[(type.LastIndexOf('.') + 1)..]}{example}";
    }

    /// <param name="result">Output of a source-generated validator called with <paramref name="sectionPath"/> as name.</param>
    /// <param name="sectionPath">Configuration path of the validated object, e.g. <c>Agent</c> or <c>Probes:0</c>.</param>
    public static IReadOnlyList<string> From(ValidateOptionsResult result, string sectionPath)
    {
        if (!result.Failed || result.Failures is null)
        {
            return [];
        }

        return result.Failures.Select(failure => Format(failure, sectionPath)).ToList();
    }

    private static string Format(string failure, string sectionPath)
    {
        // Generated validators report "Member: message", where the message names the member as "<name>.Member".
        var colon = failure.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"{sectionPath}: {failure}";
        }

        var member = failure[..colon];
        var message = failure[(colon + 2)..].Replace($"{sectionPath}.{member}", member, StringComparison.Ordinal);
        return $"{sectionPath}:{member}: {message}";
    }

    [GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}
