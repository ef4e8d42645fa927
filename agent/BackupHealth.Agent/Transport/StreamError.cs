namespace BackupHealth.Agent.Transport;

internal enum StreamErrorKind
{
    /// <summary>Transient (network, collector restarting, overload): back off and reconnect.</summary>
    Retry,

    /// <summary>The collector refused the token: someone has to fix it; retry slowly meanwhile.</summary>
    Unauthorized,

    /// <summary>The collector refused what was sent: the rejected batch is set aside for good, then reconnect.</summary>
    Rejected,
}

/// <summary>Why a stream ended, as far as what to do next is concerned.</summary>
/// <param name="RetryAfter">How long the collector asked the agent to wait before it sends again (its
/// <c>retry-after</c> trailer, e.g. with an observation quota used up); null when it did not say.</param>
internal sealed record StreamError(StreamErrorKind Kind, string Reason, ulong? RejectedSequence = null, TimeSpan? RetryAfter = null);
