using System.ComponentModel.DataAnnotations;
using BackupHealth.Contracts;

namespace BackupHealth.Agent.Hosting;

// The source-generated validator replaces these reflection-based attributes with strongly typed copies, so nothing
// reflects over them at run time; the trim analyzer only sees the attribute usage.
#pragma warning disable IL2026

/// <summary>The <c>Agent</c> section: who this agent is, where it keeps its data and how it talks to the collector.</summary>
internal sealed class AgentOptions : IValidatableObject
{
    public const string SectionName = "Agent";
    public const string DefaultCollectorUrl = "https://127.0.0.1:5180";
    public const int DefaultHeartbeatSeconds = 30;
    public const int DefaultMaxBatchObservations = 500;
    public const int DefaultMaxInFlightBatches = 8;
    public const int DefaultReconnectMinSeconds = 1;
    public const int DefaultReconnectMaxSeconds = 60;
    public const int DefaultTrimMemoryAfterSeconds = 60;
    public const int DefaultTrimMemoryEverySeconds = 60;
    public const long DefaultOutboxMaxBytes = Outbox.OutboxLimits.DefaultMaxBytes;
    public const string DefaultOutboxMaxAge = Outbox.OutboxLimits.DefaultMaxAge;

    /// <summary>Unique within the site; empty means the machine name.</summary>
    [MaxLength(ObservationLimits.MaxNameLength)]
    public string Id { get; set; } = "";

    /// <summary>Empty means the platform default; a relative path is relative to the current directory.</summary>
    public string DataPath { get; set; } = "";

    [Required]
    public string CollectorUrl { get; set; } = DefaultCollectorUrl;

    /// <summary>A PEM file with the CA certificate(s) the collector's certificate must chain to, e.g. a copy of the
    /// collector's own <c>tls/ca.crt</c>. Empty: the certificates this system trusts (a public certificate).</summary>
    public string CollectorCaFile { get; set; } = "";

    /// <summary>Allows an http:// <see cref="CollectorUrl"/>: the token and everything the agent reports then cross the
    /// network in clear text.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>An HTTP proxy to reach the collector through (<c>http://HOST:PORT</c>); empty: <c>HTTPS_PROXY</c>/<c>NO_PROXY</c>.</summary>
    public string Proxy { get; set; } = "";

    /// <summary>A file holding <c>user:password</c> for <see cref="Proxy"/>.</summary>
    public string ProxyCredentialsFile { get; set; } = "";

    /// <summary>The agent token the collector issued for this site. Required by <c>run</c>, not by <c>check</c>.</summary>
    public string Token { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(DefaultHeartbeatSeconds);

    [Range(1, ObservationLimits.MaxBatchObservations)]
    public int MaxBatchObservations { get; set; } = DefaultMaxBatchObservations;

    [Range(1, 1000)]
    public int MaxInFlightBatches { get; set; } = DefaultMaxInFlightBatches;

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(DefaultReconnectMinSeconds);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(DefaultReconnectMaxSeconds);

    /// <summary>How long after start the agent first trims its memory (NativeAOT on Linux; see
    /// <c>Footprint/MemoryTrim</c>). Zero turns trimming off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TrimMemoryAfter { get; set; } = TimeSpan.FromSeconds(DefaultTrimMemoryAfterSeconds);

    /// <summary>After the first trim, how often the agent trims again. Zero trims only once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan TrimMemoryEvery { get; set; } = TimeSpan.FromSeconds(DefaultTrimMemoryEverySeconds);

    /// <summary>The most the outbox may hold on disk. Beyond it the oldest waiting healthy successes are dropped;
    /// failures never are, so with only those left new facts wait in their source (probe health <c>outbox_full</c>).</summary>
    [Range(typeof(long), "1048576", "1099511627776")]
    public long OutboxMaxBytes { get; set; } = DefaultOutboxMaxBytes;

    /// <summary>How long a healthy success may wait in the outbox before it is dropped; failures wait for ever.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.Parse(DefaultOutboxMaxAge, System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        Uri.TryCreate(CollectorUrl, UriKind.Absolute, out var uri);
        if (!string.IsNullOrEmpty(CollectorUrl) && uri?.Scheme != Uri.UriSchemeHttp && uri?.Scheme != Uri.UriSchemeHttps)
        {
            yield return new ValidationResult("must be an absolute http or https URI", [nameof(CollectorUrl)]);
        }
        else if (uri?.Scheme == Uri.UriSchemeHttp && !AllowInsecureHttp)
        {
            yield return new ValidationResult(
                "http:// sends the agent token and every report in clear text; use https:// or set Agent:AllowInsecureHttp=true",
                [nameof(CollectorUrl)]);
        }

        if (!string.IsNullOrEmpty(CollectorCaFile) && Transport.CollectorTrust.Problem(CollectorCaFile) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(CollectorCaFile)]);
        }

        if (Transport.CollectorProxy.Problem(this) is { } proxyProblem)
        {
            var setting = proxyProblem.StartsWith("Agent:ProxyCredentialsFile", StringComparison.Ordinal) ? nameof(ProxyCredentialsFile) : nameof(Proxy);
            yield return new ValidationResult(proxyProblem[(proxyProblem.IndexOf(": ", StringComparison.Ordinal) + 2)..], [setting]);
        }

        if (ReconnectMinDelay > ReconnectMaxDelay)
        {
            yield return new ValidationResult(
                $"must not be greater than ReconnectMaxDelay ({ReconnectMaxDelay})", [nameof(ReconnectMinDelay)]);
        }

        if (Id.Any(char.IsControl))
        {
            yield return new ValidationResult("must not contain control characters", [nameof(Id)]);
        }
    }
}
