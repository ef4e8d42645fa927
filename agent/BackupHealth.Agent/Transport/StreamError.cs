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
internal sealed record StreamError(StreamErrorKind Kind, string Reason, ulong? RejectedSequence = null);
