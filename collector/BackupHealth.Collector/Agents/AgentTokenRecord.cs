namespace BackupHealth.Collector.Agents;

/// <summary>One agent token as lists show it: never the token, only <see cref="Id"/> (the start of its hash) and, for
/// tokens made in the web pages, <see cref="Hint"/> (its first characters, to recognise it in an agent's config).</summary>
internal sealed record AgentTokenRecord(
    string Id,
    long SiteId,
    string Customer,
    string Site,
    string Source,
    string? Name,
    string? CreatedBy,
    string? Hint,
    DateTime Created,
    DateTime? Revoked)
{
    public bool FromConfiguration => Source == AgentTokens.ConfigSource;
}
