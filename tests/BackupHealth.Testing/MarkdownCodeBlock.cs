namespace BackupHealth.Testing;

/// <summary>One fenced code block of a markdown file: its language word (<c>json</c>, <c>yaml</c>, empty), its text,
/// the line its fence opens on, and the <c>&lt;!-- docs-test: … --&gt;</c> mark right before it, if any.</summary>
public sealed record MarkdownCodeBlock(string File, int Line, string Language, string Text, string? Mark)
{
    public override string ToString() => $"{File}:{Line}";
}
