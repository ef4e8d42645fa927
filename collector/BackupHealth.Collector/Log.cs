using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector;

/// <summary>Every log message of the collector, source-generated.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "BackupHealth collector {Version} listening: gRPC (agents) {GrpcUrl}, web {WebUrl}")]
    public static partial void Listening(ILogger logger, string version, Uri grpcUrl, Uri webUrl);

    [LoggerMessage(2, LogLevel.Information, "Database {Path} ready at schema version {Version} (was {PreviousVersion}); {Sites} sites, {Tokens} agent tokens from configuration, {Revoked} tokens revoked")]
    public static partial void StoreReady(ILogger logger, string path, int previousVersion, int version, int sites, int tokens, int revoked);

    [LoggerMessage(3, LogLevel.Information, "Applied schema migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(4, LogLevel.Warning, "No sites are configured (Collector:Sites): no agent can be enrolled")]
    public static partial void NoSitesConfigured(ILogger logger);

    [LoggerMessage(10, LogLevel.Error, "A store transaction of {Items} writes ({Observations} observations) failed and was rolled back; its callers were not acknowledged")]
    public static partial void CommitFailed(ILogger logger, int items, int observations, Exception exception);

    [LoggerMessage(12, LogLevel.Error, "{Failed} store transactions in a row have failed for the same reason, the latest with: {Reason}; their callers were not acknowledged")]
    public static partial void CommitsStillFailing(ILogger logger, int failed, string reason);

    [LoggerMessage(13, LogLevel.Information, "The store takes writes again after {Failed} failed transactions")]
    public static partial void CommitsRecovered(ILogger logger, int failed);

    [LoggerMessage(11, LogLevel.Warning, "Rolling back a failed store transaction failed")]
    public static partial void RollbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(20, LogLevel.Information, "Agent {AgentId} of {Customer} / {Site} connected from {Peer} (host {HostName}, version {AgentVersion})")]
    public static partial void AgentConnected(ILogger logger, string agentId, string customer, string site, string peer, string hostName, string agentVersion);

    [LoggerMessage(21, LogLevel.Information, "Agent {AgentId} of {Customer} / {Site} disconnected")]
    public static partial void AgentDisconnected(ILogger logger, string agentId, string customer, string site);

    [LoggerMessage(22, LogLevel.Warning, "Refused an ingest stream from {Peer}: {Reason}")]
    public static partial void AgentRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(23, LogLevel.Warning, "Ended the stream of agent {AgentId} of {Customer} / {Site} with {StatusCode}: {Detail}")]
    public static partial void StreamRejected(ILogger logger, string agentId, string customer, string site, StatusCode statusCode, string detail);

    [LoggerMessage(24, LogLevel.Warning, "Could not record agent {AgentId} as disconnected; the next start resets it")]
    public static partial void DisconnectNotRecorded(ILogger logger, string agentId, Exception exception);

    [LoggerMessage(200, LogLevel.Error, "Alert evaluation failed; nothing of it was stored, the next evaluation tries again")]
    public static partial void EvaluationFailed(ILogger logger, Exception exception);

    [LoggerMessage(201, LogLevel.Error, "Alert rule {Rule} failed; its open alerts are kept as they were")]
    public static partial void RuleFailed(ILogger logger, string rule, Exception exception);

    [LoggerMessage(202, LogLevel.Debug, "Alerts evaluated: {Findings} conditions hold, {Opened} new alerts, {Resolved} resolved, {Notifications} site notifications")]
    public static partial void AlertsEvaluated(ILogger logger, int findings, int opened, int resolved, int notifications);

    [LoggerMessage(203, LogLevel.Warning, "Maintenance windows {Ids} name a time zone or day this machine does not know; they are ignored until fixed")]
    public static partial void MaintenanceWindowsUnreadable(ILogger logger, string ids);

    [LoggerMessage(300, LogLevel.Information, "Notification {NotificationId} sent to {Channel} (attempt {Attempts})")]
    public static partial void NotificationSent(ILogger logger, long notificationId, string channel, int attempts);

    [LoggerMessage(301, LogLevel.Warning, "Notification {NotificationId} to {Channel} failed (attempt {Attempts} of {MaxAttempts}), retrying at {NextAttempt:u}: {Error}")]
    public static partial void NotificationRetrying(ILogger logger, long notificationId, string channel, int attempts, int maxAttempts, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(302, LogLevel.Error, "Notification {NotificationId} to {Channel} failed for good after {Attempts} attempts: {Error}")]
    public static partial void NotificationFailed(ILogger logger, long notificationId, string channel, int attempts, string error);

    [LoggerMessage(303, LogLevel.Error, "Notification {NotificationId} was sent to {Channel} but could not be recorded as sent; it will be sent again (receivers can drop it by its idempotency key)")]
    public static partial void SentNotRecorded(ILogger logger, long notificationId, string channel, Exception exception);

    [LoggerMessage(304, LogLevel.Warning, "Looking for due notifications failed; trying again after the poll interval")]
    public static partial void NotificationPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(400, LogLevel.Information, "Coverage: {By} mapped job {JobId} to VM {ItemId} of {Customer} / {Site}")]
    public static partial void CoverageMappingSet(ILogger logger, string by, long jobId, string itemId, string customer, string site);

    [LoggerMessage(401, LogLevel.Information, "Coverage: removed the mapping of job {JobId} to VM {ItemId} of {Customer} / {Site}")]
    public static partial void CoverageMappingRemoved(ILogger logger, long jobId, string itemId, string customer, string site);

    [LoggerMessage(402, LogLevel.Information, "Coverage: {By} excluded VM {ItemId} of {Customer} / {Site}: {Reason}")]
    public static partial void CoverageExclusionSet(ILogger logger, string by, string itemId, string customer, string site, string reason);

    [LoggerMessage(403, LogLevel.Information, "Coverage: VM {ItemId} of {Customer} / {Site} is no longer excluded")]
    public static partial void CoverageExclusionRemoved(ILogger logger, string itemId, string customer, string site);

    [LoggerMessage(500, LogLevel.Warning, "No user exists yet, so nobody can sign in: create the first admin with 'backuphealth-collector add-user --username NAME --role admin', or set Collector:Auth:InitialAdmin:Username and :PasswordFile")]
    public static partial void NoUsers(ILogger logger);

    [LoggerMessage(501, LogLevel.Information, "Created the first admin {Username} from Collector:Auth:InitialAdmin")]
    public static partial void InitialAdminCreated(ILogger logger, string username);

    [LoggerMessage(502, LogLevel.Information, "{Username} signed in from {Peer}")]
    public static partial void SignedIn(ILogger logger, string username, string peer);

    [LoggerMessage(503, LogLevel.Warning, "Failed sign-in for {Username} from {Peer}{Locked}")]
    public static partial void SignInFailed(ILogger logger, string username, string peer, string locked);

    [LoggerMessage(510, LogLevel.Information, "Job history cache warmed: {Jobs} jobs judged")]
    public static partial void JobHistoryWarmed(ILogger logger, int jobs);

    [LoggerMessage(511, LogLevel.Warning, "Warming the job history cache failed; the first page view will do it")]
    public static partial void JobHistoryWarmupFailed(ILogger logger, Exception exception);

    [LoggerMessage(1250, LogLevel.Warning, "Sign-ins from {Address} are refused for {Window}: {Failures} failed within it (Collector:Limits:SignInFailuresPerAddress)")]
    public static partial void SignInAddressBlocked(ILogger logger, string address, int failures, TimeSpan window);

    [LoggerMessage(1251, LogLevel.Information, "Refused a sign-in from {Address} with 429: too many failures; it may try again in {RetryAfterSeconds} s")]
    public static partial void SignInRefused(ILogger logger, string address, int retryAfterSeconds);

    [LoggerMessage(1252, LogLevel.Warning, "Ingest streams from {Address} are refused for {Window}: {Failures} failed agent authentications within it (Collector:Limits:AgentAuthFailuresPerAddress)")]
    public static partial void AgentAddressBlocked(ILogger logger, string address, int failures, TimeSpan window);

    [LoggerMessage(1253, LogLevel.Warning, "Ended an older ingest stream of agent {AgentId} of {Customer} / {Site}: a newer stream of the agent took its place (Collector:Limits:MaxStreamsPerAgent)")]
    public static partial void StreamReplaced(ILogger logger, string agentId, string customer, string site);

    [LoggerMessage(1330, LogLevel.Warning, "Sign-ins from {Address} are held back: it made {Attempts} attempts within {Window} (Collector:Limits:SignInAttemptsPerAddress)")]
    public static partial void SignInAttemptsUsedUp(ILogger logger, string address, int attempts, TimeSpan window);

    [LoggerMessage(1331, LogLevel.Information, "Refused a sign-in from {Address} with 429: too many attempts; it may try again in {RetryAfterSeconds} s")]
    public static partial void SignInAttemptRefused(ILogger logger, string address, int retryAfterSeconds);

    [LoggerMessage(1332, LogLevel.Information, "Refused a sign-in from {Address} with 503: all {Slots} password-hashing slots are busy and {Queue} sign-ins already wait (Collector:Limits:SignInHashConcurrency)")]
    public static partial void SignInHashBusy(ILogger logger, string address, int slots, int queue);

    [LoggerMessage(1333, LogLevel.Warning, "Sign-ins as {Username} from {Address} are locked until {Until:u} after {Failures} wrong passwords in a row (Collector:Auth:LockoutThreshold)")]
    public static partial void SignInLockedOut(ILogger logger, string username, string address, DateTime until, int failures);

    [LoggerMessage(1334, LogLevel.Warning, "{Max} (user, address) pairs are already watched for sign-in lock-outs; new pairs are not watched until older ones expire")]
    public static partial void SignInLockoutsFull(ILogger logger, int max);

    [LoggerMessage(1335, LogLevel.Information, "Refused {Method} {Path} with 403: API token {TokenId} is read-only")]
    public static partial void ApiTokenReadOnly(ILogger logger, string method, string path, string tokenId);

    [LoggerMessage(1336, LogLevel.Information, "X-Forwarded-For and X-Forwarded-Proto are honoured from {Proxies} (Collector:Web:TrustedProxies)")]
    public static partial void TrustedProxies(ILogger logger, string proxies);

    [LoggerMessage(1200, LogLevel.Error, "Writing the audit log failed; the action took effect and is recorded here instead: {Action} by {Actor} from {Address} on {Target} (customer {Customer}) {Detail}")]
    public static partial void AuditWriteFailed(ILogger logger, string action, string actor, string address, string target, string customer, string detail, Exception exception);

    [LoggerMessage(1300, LogLevel.Warning, "Collector:AllowInsecureHttp: {Urls} serve plain http: agent credentials, passwords and API tokens cross the network in clear text. Use https:// unless a TLS-terminating proxy on this host is the only client")]
    public static partial void InsecureHttp(ILogger logger, string urls);

    [LoggerMessage(1301, LogLevel.Warning, "Made this collector's own certificate authority in {Folder}; its pin is {Pin}. Back up that folder: agents trust this CA")]
    public static partial void TlsCaCreated(ILogger logger, string folder, string pin);

    [LoggerMessage(1302, LogLevel.Information, "TLS with this collector's own CA (pin {Pin}) for {Names}; server certificate valid until {NotAfter:u}, issued by {Ca}. Browsers warn until you trust the CA or configure Collector:Tls:CertificatePath (docs/security.md)")]
    public static partial void TlsSelfMade(ILogger logger, string pin, string names, DateTime notAfter, string ca);

    [LoggerMessage(1303, LogLevel.Information, "Issued a new server certificate for {Names}, valid until {NotAfter:u}")]
    public static partial void TlsServerCertificateIssued(ILogger logger, string names, DateTime notAfter);

    [LoggerMessage(1304, LogLevel.Information, "Renewed the collector's own server certificate before it expires; the new one is valid until {NotAfter:u}")]
    public static partial void TlsServerCertificateRenewed(ILogger logger, DateTime notAfter);

    [LoggerMessage(1305, LogLevel.Information, "TLS certificate from {Path}: {Subject}, valid until {NotAfter:u}; chain pin {Pin}")]
    public static partial void TlsCertificateLoaded(ILogger logger, string path, string subject, DateTime notAfter, string pin);

    [LoggerMessage(1306, LogLevel.Information, "TLS certificate file {Path} changed; new connections now get {Subject}, valid until {NotAfter:u}")]
    public static partial void TlsCertificateReloaded(ILogger logger, string path, string subject, DateTime notAfter);

    [LoggerMessage(1307, LogLevel.Warning, "TLS certificate file {Path} changed but cannot be used ({Problem}); the previous certificate stays in use")]
    public static partial void TlsCertificateReloadFailed(ILogger logger, string path, string problem);

    [LoggerMessage(1308, LogLevel.Warning, "The TLS certificate from {Path} expires at {NotAfter:u}: renew it (the collector reads the new file without a restart)")]
    public static partial void TlsCertificateExpiring(ILogger logger, string path, DateTime notAfter);

    [LoggerMessage(1320, LogLevel.Warning, "Enrolment of agent {AgentId} from {Peer} refused: {Reason}")]
    public static partial void EnrolmentRefused(ILogger logger, string agentId, string peer, string reason);

    [LoggerMessage(1321, LogLevel.Warning, "Enrolment of agent {AgentId} of {Customer} / {Site} from {Peer} (host {HostName}) refused: that agent id already holds a certificate issued {Issued:u}. Two hosts with one id (a cloned VM?) or a reinstall: revoke the agent first, or give the new host another Agent:Id")]
    public static partial void EnrolmentDuplicate(ILogger logger, string agentId, string customer, string site, string peer, string hostName, DateTime issued);

    [LoggerMessage(1322, LogLevel.Information, "Agent {AgentId} of {Customer} / {Site} enrolled from {Peer} (host {HostName}); certificate valid until {NotAfter:u}")]
    public static partial void AgentEnrolled(ILogger logger, string agentId, string customer, string site, string peer, string hostName, DateTime notAfter);

    [LoggerMessage(1323, LogLevel.Information, "Agent {AgentId} of {Customer} / {Site} renewed its certificate (was valid until {OldNotAfter:u}, now until {NotAfter:u})")]
    public static partial void CertificateRenewed(ILogger logger, string agentId, string customer, string site, DateTime oldNotAfter, DateTime notAfter);

    [LoggerMessage(1324, LogLevel.Warning, "Certificate renewal from {Peer} refused: {Reason}")]
    public static partial void RenewalRefused(ILogger logger, string peer, string reason);

    [LoggerMessage(1325, LogLevel.Warning, "Ended the ingest stream of agent {AgentId} of {Customer} / {Site}: the agent was revoked")]
    public static partial void StreamRevoked(ILogger logger, string agentId, string customer, string site);

    [LoggerMessage(1326, LogLevel.Warning, "Collector:Sites lists agent tokens, but Collector:AllowSiteTokens is off: agents that stream with a site token are refused. Enrol them (docs/security.md), or set Collector:AllowSiteTokens=true while you migrate")]
    public static partial void SiteTokensNotAllowed(ILogger logger);

    [LoggerMessage(1350, LogLevel.Warning, "Agent {AgentId} of {Customer} / {Site} sends more than {Limit} observations per {Per} ({Setting}): its excess batches are refused with ResourceExhausted until it keeps within it (alert agent_flooding)")]
    public static partial void AgentFlooding(ILogger logger, string agentId, string customer, string site, int limit, string per, string setting);

    [LoggerMessage(1351, LogLevel.Warning, "The process may open {OpenFileLimit} files (RLIMIT_NOFILE): with {Reserve} kept for the store (Collector:Limits:FileDescriptorReserve), each listener takes at most {Connections} connections instead of {Configured} (Collector:Limits:MaxConcurrentConnections). Raise the limit (LimitNOFILE= in the systemd unit, ulimit -n) to allow more")]
    public static partial void ConnectionsLoweredToFit(ILogger logger, long openFileLimit, int reserve, int connections, int configured);

    [LoggerMessage(1352, LogLevel.Warning, "Connections from {Address} reached {Limit} on one listener (Collector:Limits:MaxConnectionsPerAddress): further ones are closed until some end")]
    public static partial void AddressConnectionsFull(ILogger logger, string address, int limit);

    [LoggerMessage(1354, LogLevel.Debug, "Closing a connection from {Address}: no request for {Timeout} (Collector:Limits:KeepAliveTimeout), whatever it pinged")]
    public static partial void IdleConnectionClosed(ILogger logger, string address, TimeSpan timeout);

    [LoggerMessage(1370, LogLevel.Warning, "Refused {Method} {Path} by {User}, signed in with the session cookie: {Reason}")]
    public static partial void CrossOriginRefused(ILogger logger, string method, string path, string user, string reason);

    [LoggerMessage(1385, LogLevel.Warning, "Refused {Count} more ingest streams from {Address} within about {Window} (refusals are logged once a minute per address); the last: {Reason}")]
    public static partial void AgentRefusedAgain(ILogger logger, int count, string address, TimeSpan window, string reason);

    [LoggerMessage(1386, LogLevel.Warning, "Refused {Count} more ingest streams within about a minute from addresses beyond the {Tracked} that are logged one by one")]
    public static partial void AgentRefusedElsewhere(ILogger logger, int count, int tracked);

    [LoggerMessage(1387, LogLevel.Error, "The database {Path} failed its integrity check (PRAGMA quick_check): {Problems}. The collector stays not ready (/health/ready answers 503): stop it, keep a copy of the damaged file and restore the newest backup (docs/security.md)")]
    public static partial void StoreIntegrityFailed(ILogger logger, string path, string problems);

    [LoggerMessage(1388, LogLevel.Information, "The database passed its integrity check (PRAGMA quick_check) in {Elapsed}")]
    public static partial void StoreIntegrityPassed(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(1389, LogLevel.Warning, "Answered {Method} {Path} with 503: the database does not take writes ({Reason})")]
    public static partial void WebStoreUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(1390, LogLevel.Warning, "{Path} was mode {Mode}: made it readable by the collector's user only (0600)")]
    public static partial void DataFileNarrowed(ILogger logger, string path, string mode);
}
