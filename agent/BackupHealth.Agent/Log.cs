using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent;

/// <summary>Every log message of the agent, source-generated. Event ids group by room: 1xx host, 2xx probes,
/// 3xx outbox, 4xx transport, 5xx per-probe-type messages (kept in a <c>Log</c> part in the probe's own folder:
/// 510–529 Veeam, 530–539 Unitrends, 540–549 XenServer API, 550–569 XVA verification); 1700–1749 the agent under a full disk
/// (outbox bound, seen ids and probe state that cannot be written).</summary>
internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "BackupHealth agent {AgentId} {Version} starting: collector {CollectorUrl}, data in {DataPath}, {ProbeCount} probe(s)")]
    public static partial void AgentStarting(ILogger logger, string agentId, string version, string collectorUrl, string dataPath, int probeCount);

    [LoggerMessage(110, LogLevel.Information, "Trimmed memory: gave back {Mebibytes:F1} MiB of start-up pages of the executable and its libraries ({Ranges} range(s)) and the GC heap's free space; what is still used is read back from the page cache")]
    public static partial void MemoryTrimmed(ILogger logger, double mebibytes, int ranges);

    [LoggerMessage(112, LogLevel.Debug, "Trimmed memory again: {Mebibytes:F1} MiB of executable and library pages ({Ranges} range(s))")]
    public static partial void MemoryTrimmedAgain(ILogger logger, double mebibytes, int ranges);

    [LoggerMessage(111, LogLevel.Warning, "Could not trim the agent's memory: {Reason}")]
    public static partial void MemoryNotTrimmed(ILogger logger, string reason);

    [LoggerMessage(200, LogLevel.Warning, "No probes are configured (Probes is empty): the agent only sends heartbeats")]
    public static partial void NoProbesConfigured(ILogger logger);

    [LoggerMessage(201, LogLevel.Information, "Probe {ProbeName} ran: {Observed} observation(s), {Queued} new queued")]
    public static partial void ProbeRan(ILogger logger, string probeName, int observed, int queued);

    [LoggerMessage(202, LogLevel.Warning, "Probe {ProbeName} cannot read its source: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string probeName, string reason);

    [LoggerMessage(203, LogLevel.Error, "Probe {ProbeName} threw; reported as a probe error")]
    public static partial void ProbeThrew(ILogger logger, string probeName, Exception exception);

    [LoggerMessage(1705, LogLevel.Warning, "Probe {ProbeName}: the outbox cannot take its new facts, reported as outbox_full; {Waiting} fact(s) are offered again next run: {Reason}")]
    public static partial void OutboxFull(ILogger logger, string probeName, int waiting, string reason);

    [LoggerMessage(205, LogLevel.Warning, "Probe {ProbeName}: skipped {Path}, its last-write time {LastWriteUtc:O} is in the future (clock skew, or still being written?)")]
    public static partial void FileInFuture(ILogger logger, string probeName, string path, DateTime lastWriteUtc);

    [LoggerMessage(300, LogLevel.Information, "Outbox {Folder}: {Files} file(s), {Depth} observation(s) waiting")]
    public static partial void OutboxOpened(ILogger logger, string folder, int files, long depth);

    [LoggerMessage(301, LogLevel.Error, "Dropped observation {ObservationId} of probe {ProbeName}, the collector would refuse it: {Reason}")]
    public static partial void ObservationDropped(ILogger logger, string probeName, string observationId, string reason);

    [LoggerMessage(302, LogLevel.Error, "Outbox file {File} is unreadable ({Reason}); moved to outbox/corrupt")]
    public static partial void OutboxFileCorrupt(ILogger logger, string file, string reason);

    [LoggerMessage(303, LogLevel.Error, "Outbox file {File} ({Count} observations) was refused by the collector ({Reason}); moved to outbox/rejected and not retried")]
    public static partial void OutboxFileRejected(ILogger logger, string file, int count, string reason);

    [LoggerMessage(304, LogLevel.Error, "Could not move outbox file {File} to {Folder}")]
    public static partial void OutboxMoveFailed(ILogger logger, string file, string folder, Exception exception);

    [LoggerMessage(1700, LogLevel.Warning, "Outbox: dropped {Dropped} healthy success(es) from {File}: {Aged} waited longer than Agent:OutboxMaxAge, {ForRoom} to stay within Agent:OutboxMaxBytes")]
    public static partial void OutboxDroppedSuccesses(ILogger logger, int dropped, string file, int aged, int forRoom);

    [LoggerMessage(1701, LogLevel.Warning, "Outbox: could not rewrite {File} without its healthy successes: {Reason}")]
    public static partial void OutboxDropFailed(ILogger logger, string file, string reason);

    [LoggerMessage(1702, LogLevel.Warning, "Could not write {Count} seen observation id(s) to seen.ids ({Reason}); they are kept in memory and written with the next ones")]
    public static partial void SeenIdsNotWritten(ILogger logger, int count, string reason);

    [LoggerMessage(1703, LogLevel.Warning, "Could not compact seen.ids ({Reason}); the file is used as it is")]
    public static partial void SeenIdsNotCompacted(ILogger logger, string reason);

    [LoggerMessage(1704, LogLevel.Warning, "Probe {ProbeName}: could not save its state ({Reason}); it is kept in memory and saved after the next run")]
    public static partial void ProbeStateNotSaved(ILogger logger, string probeName, string reason);

    [LoggerMessage(305, LogLevel.Debug, "Seen observation ids: {Count} remembered, {Pruned} older entries dropped")]
    public static partial void SeenIdsLoaded(ILogger logger, int count, int pruned);

    [LoggerMessage(400, LogLevel.Debug, "Connecting to collector {CollectorUrl}")]
    public static partial void Connecting(ILogger logger, string collectorUrl);

    [LoggerMessage(401, LogLevel.Information, "Connected to collector {CollectorUrl} as agent {AgentId}: customer {Customer}, site {Site}, collector {CollectorVersion}; {OutboxDepth} observation(s) waiting")]
    public static partial void Connected(ILogger logger, string collectorUrl, string agentId, string customer, string site, string collectorVersion, long outboxDepth);

    [LoggerMessage(402, LogLevel.Warning, "Stream to collector {CollectorUrl} ended ({Reason}); reconnecting in {Delay}")]
    public static partial void Disconnected(ILogger logger, string collectorUrl, string reason, TimeSpan delay);

    [LoggerMessage(409, LogLevel.Warning, "Could not connect to collector {CollectorUrl} ({Reason}); retrying in {Delay}")]
    public static partial void ConnectFailed(ILogger logger, string collectorUrl, string reason, TimeSpan delay);

    [LoggerMessage(403, LogLevel.Error, "Collector {CollectorUrl} refused this agent's token ({Reason}). Check Agent:Token: it must be the agent token the collector issued for this site. Retrying in {Delay}")]
    public static partial void TokenRefused(ILogger logger, string collectorUrl, string reason, TimeSpan delay);

    [LoggerMessage(404, LogLevel.Error, "Collector refused batch {Sequence} ({Count} observations): {Reason}")]
    public static partial void BatchRejected(ILogger logger, ulong sequence, int count, string reason);

    [LoggerMessage(405, LogLevel.Error, "Collector refused the stream: {Reason}")]
    public static partial void StreamRejected(ILogger logger, string reason);

    [LoggerMessage(406, LogLevel.Debug, "Collector acknowledged up to batch {Sequence}: {Batches} batch(es), {Observations} observation(s) removed from the outbox")]
    public static partial void BatchesAcknowledged(ILogger logger, ulong sequence, int batches, int observations);

    [LoggerMessage(407, LogLevel.Debug, "Collector settings in effect: heartbeat every {HeartbeatInterval}, at most {MaxBatchObservations} observations per batch")]
    public static partial void CollectorSettingsApplied(ILogger logger, TimeSpan heartbeatInterval, int maxBatchObservations);

    [LoggerMessage(408, LogLevel.Debug, "Ignored unexpected collector message {Body}")]
    public static partial void UnexpectedCollectorMessage(ILogger logger, string body);
}
