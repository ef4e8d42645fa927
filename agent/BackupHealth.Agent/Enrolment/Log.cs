using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Enrolment and certificate renewal: event ids 1960–1999.</summary>
internal static partial class Log
{
    [LoggerMessage(1960, LogLevel.Information, "Authenticating to the collector with this agent's certificate ({Subject}), valid until {NotAfter:u}; renewal due at {RenewAt:u}")]
    public static partial void UsingCertificate(ILogger logger, string subject, DateTimeOffset notAfter, DateTimeOffset renewAt);

    [LoggerMessage(1961, LogLevel.Information, "Renewing this agent's certificate (valid until {NotAfter:u})")]
    public static partial void Renewing(ILogger logger, DateTimeOffset notAfter);

    [LoggerMessage(1962, LogLevel.Information, "Renewed this agent's certificate: the new one is valid until {NotAfter:u}; reconnecting with it")]
    public static partial void Renewed(ILogger logger, DateTimeOffset notAfter);

    [LoggerMessage(1963, LogLevel.Warning, "Could not renew this agent's certificate (valid until {NotAfter:u}): {Reason}; retrying in {Delay}")]
    public static partial void RenewalFailed(ILogger logger, DateTimeOffset notAfter, string reason, TimeSpan delay);

    [LoggerMessage(1964, LogLevel.Error, "This agent's certificate expired on {NotAfter:u} and the collector no longer renews it: enrol again with a new enrolment token (backuphealth-agent enroll --token-file FILE). Retrying in {Delay}")]
    public static partial void CertificateExpired(ILogger logger, DateTimeOffset notAfter, TimeSpan delay);

    [LoggerMessage(1965, LogLevel.Error, "The collector refused to renew this agent's certificate (valid until {NotAfter:u}): {Reason}. Was the agent removed or its certificate revoked? Retrying in {Delay}")]
    public static partial void RenewalRefused(ILogger logger, DateTimeOffset notAfter, string reason, TimeSpan delay);

    [LoggerMessage(1966, LogLevel.Error, "Collector {CollectorUrl} refused this agent's certificate ({Reason}): was the agent removed, or its certificate revoked? Enrol again with a new enrolment token (backuphealth-agent enroll --token-file FILE). Retrying in {Delay}")]
    public static partial void CertificateRefused(ILogger logger, string collectorUrl, string reason, TimeSpan delay);

    [LoggerMessage(1967, LogLevel.Warning, "The renewed certificate is already due for renewal (at {RenewAt:u}): is this host's clock right? Renewing again in {Delay}")]
    public static partial void RenewedAlreadyDue(ILogger logger, DateTimeOffset renewAt, TimeSpan delay);
}
