using System.ComponentModel.DataAnnotations;
using System.Globalization;
using BackupHealth.Contracts;

namespace BackupHealth.Collector.Limits;

/// <summary>The <c>Collector:Limits</c> configuration section: what one address, one agent and the whole collector may
/// hold or try. Every limit is described, with what a client sees, in docs/limits.md.</summary>
internal sealed class LimitsOptions
{
    public const string SectionName = "Collector:Limits";
    public const int DefaultSignInFailuresPerAddress = 10;
    public const string DefaultSignInFailureWindow = "00:05:00";
    public const int DefaultSignInAttemptsPerAddress = 30;
    public const string DefaultSignInAttemptWindow = "00:01:00";
    public const int DefaultSignInHashConcurrency = 0;
    public const int DefaultSignInHashQueue = 16;
    public const int DefaultAgentAuthFailuresPerAddress = 30;
    public const string DefaultAgentAuthFailureWindow = "00:05:00";
    public const int DefaultMaxStreamsPerAgent = 2;
    public const int DefaultMaxStreams = 5000;
    public const int DefaultMaxConcurrentConnections = 10000;
    public const string DefaultKeepAliveTimeout = "00:02:10";
    public const string DefaultRequestHeadersTimeout = "00:00:30";
    public const string DefaultHttp2KeepAlivePingDelay = "00:00:30";
    public const string DefaultHttp2KeepAlivePingTimeout = "00:00:20";
    public const int DefaultObservationsPerAgentPerMinute = 10_000;
    public const int DefaultObservationsPerAgentPerDay = 200_000;
    public const string DefaultFloodingQuietPeriod = "00:15:00";
    public const string DefaultHelloTimeout = "00:00:10";
    public const int DefaultMaxConnectionsPerAddress = 500;
    public const int DefaultFileDescriptorReserve = 256;

    /// <summary>Failed sign-ins one address may make within <see cref="SignInFailureWindow"/>; then its sign-ins are
    /// refused with 429 until the oldest failure leaves the window.</summary>
    [Range(1, 10000)]
    public int SignInFailuresPerAddress { get; set; } = DefaultSignInFailuresPerAddress;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignInFailureWindow { get; set; } = Parse(DefaultSignInFailureWindow);

    /// <summary>Sign-in attempts, right or wrong, one address may make at once; the allowance refills evenly over
    /// <see cref="SignInAttemptWindow"/>. Counted before the password is hashed, so parallel attempts cannot all slip
    /// through before any is counted.</summary>
    [Range(1, 10000)]
    public int SignInAttemptsPerAddress { get; set; } = DefaultSignInAttemptsPerAddress;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignInAttemptWindow { get; set; } = Parse(DefaultSignInAttemptWindow);

    /// <summary>Password hashes (PBKDF2) that run at once for sign-ins; 0: half the processors, at least 1. The rest
    /// of the machine (ingest above all) keeps the other cores.</summary>
    [Range(0, 1024)]
    public int SignInHashConcurrency { get; set; } = DefaultSignInHashConcurrency;

    /// <summary>Sign-ins that may wait for a hashing slot; one more is answered 503 at once.</summary>
    [Range(0, 10000)]
    public int SignInHashQueue { get; set; } = DefaultSignInHashQueue;

    /// <summary><see cref="SignInHashConcurrency"/> with 0 resolved for this machine.</summary>
    public int SignInHashSlots => SignInHashConcurrency > 0 ? SignInHashConcurrency : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Failed agent token checks one address may cause within <see cref="AgentAuthFailureWindow"/>; then its
    /// streams are refused with ResourceExhausted, without looking at the token.</summary>
    [Range(1, 10000)]
    public int AgentAuthFailuresPerAddress { get; set; } = DefaultAgentAuthFailuresPerAddress;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AgentAuthFailureWindow { get; set; } = Parse(DefaultAgentAuthFailureWindow);

    /// <summary>Open ingest streams of one agent; a newer one ends the oldest.</summary>
    [Range(1, 100)]
    public int MaxStreamsPerAgent { get; set; } = DefaultMaxStreamsPerAgent;

    /// <summary>Open ingest streams of all agents together; one more is refused with ResourceExhausted.</summary>
    [Range(1, 1_000_000)]
    public int MaxStreams { get; set; } = DefaultMaxStreams;

    /// <summary>Open TCP connections on each listener.</summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentConnections { get; set; } = DefaultMaxConcurrentConnections;

    /// <summary>A connection without any request (or, on HTTP/2, without any open stream) is closed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = Parse(DefaultKeepAliveTimeout);

    /// <summary>Time a client has to send a request's headers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestHeadersTimeout { get; set; } = Parse(DefaultRequestHeadersTimeout);

    /// <summary>An HTTP/2 connection (the agents') silent for this long is sent a ping.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Http2KeepAlivePingDelay { get; set; } = Parse(DefaultHttp2KeepAlivePingDelay);

    /// <summary>A ping not answered within this closes the connection, ending a dead agent's half-open stream.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Http2KeepAlivePingTimeout { get; set; } = Parse(DefaultHttp2KeepAlivePingTimeout);

    /// <summary>Observations one agent (site and agent id, over all its streams) may send within a sliding minute; a
    /// batch that would go over is refused with ResourceExhausted and a retry-after. At least one full batch.</summary>
    [Range(ObservationLimits.MaxBatchObservations, 100_000_000)]
    public int ObservationsPerAgentPerMinute { get; set; } = DefaultObservationsPerAgentPerMinute;

    /// <summary>Observations one agent may send within a UTC day.</summary>
    [Range(ObservationLimits.MaxBatchObservations, 1_000_000_000)]
    public int ObservationsPerAgentPerDay { get; set; } = DefaultObservationsPerAgentPerDay;

    /// <summary>An agent whose observations were refused within this long counts as flooding (alert
    /// <c>agent_flooding</c>); the alert resolves after this long without a refusal.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan FloodingQuietPeriod { get; set; } = Parse(DefaultFloodingQuietPeriod);

    /// <summary>An authenticated ingest stream that sends no Hello within this is ended.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HelloTimeout { get; set; } = Parse(DefaultHelloTimeout);

    /// <summary>Open TCP connections from one source address (an IPv6 /64) on each listener; more are closed at once,
    /// before the TLS handshake.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerAddress { get; set; } = DefaultMaxConnectionsPerAddress;

    /// <summary>File descriptors kept free of connections for the store, logs and certificates: where the process's
    /// open-file limit cannot hold both listeners' <see cref="MaxConcurrentConnections"/> and this, the connection cap
    /// is lowered to fit.</summary>
    [Range(64, 1_000_000)]
    public int FileDescriptorReserve { get; set; } = DefaultFileDescriptorReserve;

    private static TimeSpan Parse(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);
}
