using Google.Protobuf.WellKnownTypes;

namespace BackupHealth.Collector.Store;

/// <summary>The store keeps every time as integer unix milliseconds (UTC).</summary>
internal static class UnixMs
{
    public static long From(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? From(Timestamp? value) =>
        value is null ? null : (value.Seconds * 1000) + (value.Nanos / 1_000_000);

    public static DateTime ToUtc(long value) => DateTime.UnixEpoch.AddMilliseconds(value);

    public static DateTime? ToUtc(long? value) => value is null ? null : ToUtc(value.Value);

    public static DateTimeOffset ToOffset(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);
}
