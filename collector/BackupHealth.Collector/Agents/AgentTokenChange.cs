namespace BackupHealth.Collector.Agents;

internal enum AgentTokenChangeStatus
{
    Done = 1,
    NotFound = 2,

    /// <summary>The request cannot work as given (a bad name, a token already revoked).</summary>
    Invalid = 3,

    /// <summary>The token comes from <c>Collector:Sites</c>: only the configuration can take it away.</summary>
    FromConfiguration = 4,
}

/// <summary>The outcome of creating or revoking an agent token. <see cref="Token"/> is set once, when a token was
/// created: it is never stored and cannot be shown again.</summary>
internal sealed record AgentTokenChange(AgentTokenChangeStatus Status, string Problem = "", string? Id = null, string? Token = null)
{
    public static readonly AgentTokenChange NotFound = new(AgentTokenChangeStatus.NotFound, "there is no such token");

    public static AgentTokenChange Invalid(string problem) => new(AgentTokenChangeStatus.Invalid, problem);
}
