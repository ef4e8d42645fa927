using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Alerts;

/// <summary>Five weeks of nightly incrementals and Sunday fulls go into a real collector over the agent's gRPC stream
/// on 127.0.0.1, a night at a time, the collector judging after each: no size or duration alert, until a full shrinks.</summary>
public sealed class WeeklyFullAnomalyTests : IAsyncLifetime
{
    private const long Gb = 1_000_000_000;
    private const string Typed = "veeam-fs01";
    private const string Untyped = "restic-fs01";

    // The collector's clock starts on a Sunday at noon; the jobs were created that evening, their first run a full.
    private static readonly DateTimeOffset FirstNight = TestCollector.StartTime.AddHours(10);

    private TestCollector _collector = null!;
    private TestAgent _agent = null!;
    private ulong _sequence;

    public async Task InitializeAsync()
    {
        _collector = await TestCollector.StartAsync();
        _agent = await _collector.ConnectAsync("fs01");
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _collector.DisposeAsync();
    }

    /// <summary>A run of <paramref name="jobKey"/> that ended at <paramref name="end"/>; the typed job says its backup
    /// type as the Veeam and Unitrends probes do, the other (restic-like) does not.</summary>
    private static Observation Run(string jobKey, int night, DateTimeOffset end, bool full, long? size = null)
    {
        var minutes = full ? 160 + (night % 3 * 8) : 40 + (night % 4 * 3);
        var o = Observations.Valid($"{jobKey}-{night}", jobKey, end: end, sizeBytes: size ?? (full ? (200 + (night % 2 * 6)) * Gb : (18 + (night % 3)) * Gb));
        o.StartTime = Timestamp.FromDateTimeOffset(end.AddMinutes(-minutes));
        o.Attributes.Clear();
        if (jobKey == Typed)
        {
            o.Attributes["backup_type"] = full ? "full" : "incremental";
        }

        return o;
    }

    /// <summary>Night <paramref name="night"/>'s runs arrive an hour after they ended, then the collector judges.</summary>
    private async Task NightAsync(int night, long? typedFullSize = null)
    {
        var end = FirstNight.AddDays(night);
        var full = end.DayOfWeek == DayOfWeek.Sunday;
        _collector.Time.SetUtcNow(end.AddHours(1));
        await _agent.SendBatchAsync(Observations.Batch(++_sequence, Run(Typed, night, end, full, typedFullSize), Run(Untyped, night, end, full)));
        await _agent.WaitForAckAsync(_sequence);
        await _collector.App.Services.GetRequiredService<AlertEvaluator>().EvaluateOnceAsync(CancellationToken.None);
    }

    private Task<long> AnomaliesAsync() =>
        _collector.CountAsync("SELECT count(*) FROM alerts WHERE rule IN ('size_anomaly', 'duration_anomaly')");

    [Fact]
    public async Task Weekly_fulls_raise_no_anomaly_and_a_shrunk_full_does()
    {
        for (var night = 0; night < 35; night++)
        {
            await NightAsync(night);
            Assert.True(await AnomaliesAsync() == 0, $"an anomaly alert after night {night} ({FirstNight.AddDays(night):ddd dd MMM})");
        }

        await NightAsync(35, typedFullSize: 90 * Gb);

        Assert.Equal(1L, await AnomaliesAsync());
        var detail = (string?)await _collector.ScalarAsync("""
            SELECT a.detail FROM alerts a JOIN jobs j ON j.id = a.job_id
            WHERE a.rule = 'size_anomaly' AND a.state = 'firing' AND j.job_key = $job
            """, ("$job", Typed));
        Assert.NotNull(detail);
        Assert.Contains("wrote 90.0 GB, 45% of the median 200.0 GB of the last 5 full backups", detail, StringComparison.Ordinal);
    }
}
