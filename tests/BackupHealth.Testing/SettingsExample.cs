namespace BackupHealth.Testing;

/// <summary>Whose settings a documented example holds.</summary>
public enum SettingsOwner
{
    Agent,
    Collector,
}

/// <summary>A settings example from the documentation, as the whole JSON file it stands for (a fragment marked
/// <c>&lt;!-- docs-test: at Collector:Notify:Channels:0 --&gt;</c> is placed at that path). A partial one is checked
/// for its keys only, not validated.</summary>
public sealed record SettingsExample(MarkdownCodeBlock Block, SettingsOwner Owner, string Json, bool Partial)
{
    public override string ToString() => Block.ToString();
}
