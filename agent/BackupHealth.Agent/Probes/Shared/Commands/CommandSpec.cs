namespace BackupHealth.Agent.Probes.Shared.Commands;

/// <summary>One program run. Arguments are passed as a list, never through a shell, so no setting is ever
/// interpreted as shell syntax. Secrets go in <paramref name="Environment"/>, never in the arguments, which other
/// users of the host can read from the process list.</summary>
/// <param name="Environment">Variables added to (or, with a null value, removed from) the agent's environment.</param>
internal sealed record CommandSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    TimeSpan Timeout,
    IReadOnlyDictionary<string, string?>? Environment = null,
    string? WorkingDirectory = null)
{
    public const int DefaultMaxOutputChars = 64 * 1024 * 1024;

    /// <summary>Standard output beyond this is dropped and <see cref="CommandResult.OutputTruncated"/> set.</summary>
    public int MaxOutputChars { get; init; } = DefaultMaxOutputChars;

    /// <summary>How the command reads in a message: program and arguments, quoted where they contain spaces.</summary>
    public string Display => string.Join(' ', new[] { FileName }.Concat(Arguments).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
}
