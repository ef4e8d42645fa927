namespace BackupHealth.Agent.Probes.Shared.Commands;

/// <summary>The few lines of a program's stderr worth putting in a message: the last non-empty lines, without the
/// noise a tool repeats while it retries, so the reason for a failure fits in one observation.</summary>
internal static class ErrorText
{
    public const int DefaultMaxLines = 5;
    public const int DefaultMaxChars = 1000;

    /// <param name="skip">Lines to leave out (e.g. progress or retry chatter).</param>
    public static string Summary(string stderr, Func<string, bool>? skip = null, int maxLines = DefaultMaxLines, int maxChars = DefaultMaxChars)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var lines = stderr.Split('\n')
            .Select(l => l.TrimEnd('\r').Trim())
            .Where(l => l.Length > 0 && !(skip?.Invoke(l) ?? false))
            .ToList();
        var text = string.Join("; ", lines.Skip(Math.Max(0, lines.Count - maxLines)));
        return text.Length <= maxChars ? text : "…" + text[^maxChars..];
    }
}
