using BackupHealth.Collector.Agents;

namespace BackupHealth.Collector.Store;

/// <summary>The agent tokens of each site, kept as <see cref="TokenHash"/> only. Each write tells the live pages of
/// the site's customer.</summary>
internal interface IAgentTokenStore
{
    /// <summary>Every token of every site, by customer, site, then newest first.</summary>
    Task<IReadOnlyList<AgentTokenRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a token made in the web pages; false when there is no site <paramref name="siteId"/>.</summary>
    Task<bool> AddAsync(long siteId, string hash, string name, string by, string hint, DateTimeOffset at);

    /// <summary>Revokes the token of <paramref name="siteId"/> whose hash starts with <paramref name="id"/>, unless it
    /// comes from the configuration or is revoked already: one unit of work, so two revokes cannot both succeed.</summary>
    Task<AgentTokenRevocation> RevokeAsync(long siteId, string id, DateTimeOffset at);
}

/// <summary>What <see cref="IAgentTokenStore.RevokeAsync"/> found.</summary>
internal enum AgentTokenRevocation
{
    Revoked = 1,
    NotFound = 2,
    FromConfiguration = 3,
    AlreadyRevoked = 4,
}
