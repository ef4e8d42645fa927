namespace BackupHealth.Testing;

/// <summary>Something the documentation's text names (a setting, a token prefix, a URL) and where.</summary>
public sealed record Mention(string File, int Line, string Key)
{
    public override string ToString() => $"{File}:{Line}: {Key}";
}
