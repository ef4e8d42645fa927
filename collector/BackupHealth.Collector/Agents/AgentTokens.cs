using System.Buffers.Text;
using System.Security.Cryptography;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Agents;

/// <summary>Site agent tokens people create and revoke in the agents page, beside those from <c>Collector:Sites</c>.
/// Only <see cref="TokenHash"/> of a token is kept; a created token is handed back once. Revoking sets the token
/// revoked, which <see cref="Ingest.AgentAuthenticator"/> checks at every connect, so the agent is refused at its
/// next connection. Configuration tokens are the configuration's (seeded at start) and are not revoked here.</summary>
internal sealed class AgentTokens(IAgentTokenStore store, TimeProvider time)
{
    public const string ConfigSource = "config";
    public const string WebSource = "web";
    public const string TokenPrefix = "bha_";
    public const int MaxNameLength = 100;
    public const int IdLength = 12;
    private const int HintLength = 8;

    /// <summary>Every token of every site, by customer, site, then newest first.</summary>
    public Task<IReadOnlyList<AgentTokenRecord>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    /// <summary>A new token for <paramref name="siteId"/>, returned once in the change.</summary>
    public async Task<AgentTokenChange> CreateAsync(long siteId, string? name, string by)
    {
        var label = name?.Trim() ?? "";
        if (CheckName(label) is { } problem)
        {
            return AgentTokenChange.Invalid(problem);
        }

        var token = TokenPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = TokenHash.Of(token);
        return await store.AddAsync(siteId, hash, label, by, token[..HintLength], time.GetUtcNow())
            ? new AgentTokenChange(AgentTokenChangeStatus.Done, Id: hash[..IdLength], Token: token)
            : AgentTokenChange.NotFound;
    }

    /// <summary>Revokes the token of <paramref name="siteId"/> whose id (hash start) is <paramref name="id"/>.</summary>
    public async Task<AgentTokenChange> RevokeAsync(long siteId, string? id)
    {
        if (id is not { Length: IdLength })
        {
            return AgentTokenChange.NotFound;
        }

        return await store.RevokeAsync(siteId, id, time.GetUtcNow()) switch
        {
            AgentTokenRevocation.Revoked => new AgentTokenChange(AgentTokenChangeStatus.Done, Id: id),
            AgentTokenRevocation.FromConfiguration => new AgentTokenChange(AgentTokenChangeStatus.FromConfiguration,
                "this token comes from the collector's configuration (Collector:Sites): remove it there and restart the collector to revoke it"),
            AgentTokenRevocation.AlreadyRevoked => AgentTokenChange.Invalid("this token is already revoked"),
            _ => AgentTokenChange.NotFound,
        };
    }

    public static string? CheckName(string name) =>
        name.Length == 0 ? "a token name is required (e.g. the host the agent goes on)"
        : name.Length > MaxNameLength ? $"a token name has at most {MaxNameLength} characters"
        : name.Any(char.IsControl) ? "a token name cannot contain control characters"
        : null;
}
