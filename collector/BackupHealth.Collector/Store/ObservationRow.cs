using BackupHealth.Collector.Model;
using BackupHealth.Contracts.V1;

namespace BackupHealth.Collector.Store;

/// <summary>One validated observation as the store writes it: plain strings and numbers, the attributes already
/// encoded as JSON. A batch is converted on the stream's thread right after validation, so the parsed protobuf graph
/// (three <c>Timestamp</c>s, a <c>MapField</c>, the message itself) can be collected young instead of living until
/// its commit, and the encoding is done beside the single writer thread rather than on it.</summary>
internal readonly record struct ObservationRow(
    string Id,
    string JobKey,
    string JobName,
    string SourceKind,
    string ProtectedObject,
    string ProbeName,
    RunStatus Status,
    long? Start,
    long? End,
    long? Observed,
    long SizeBytes,
    string Verification,
    string VerificationDetail,
    string Message,
    byte[]? AttributesUtf8,
    bool WillRetry,
    string RunId)
{
    /// <summary>The name shown for the job: its name, else its key.</summary>
    public string DisplayName => JobName.Length > 0 ? JobName : JobKey;

    public static ObservationRow From(Observation o) => new(
        o.Id,
        o.JobKey,
        o.JobName,
        o.SourceKind,
        o.ProtectedObject,
        o.ProbeName,
        o.Status,
        UnixMs.From(o.StartTime),
        UnixMs.From(o.EndTime),
        UnixMs.From(o.ObservedAt),
        o.SizeBytes,
        StatusNames.Of(o.Verification),
        o.Verification?.Detail ?? "",
        o.Message,
        o.Attributes.Count == 0 ? null : JsonText.AttributesUtf8(o.Attributes).ToArray(),
        o.WillRetry,
        o.RunId);

    public static ObservationRow[] From(IReadOnlyList<Observation> observations)
    {
        var rows = new ObservationRow[observations.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = From(observations[i]);
        }

        return rows;
    }
}
