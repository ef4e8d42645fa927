using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>Everything a collector logs, as its console would get it: through the collector's own filter rules (the
/// framework's defaults, the collector's quieter categories), every level they let through.</summary>
internal sealed class CollectorLog
{
    private readonly FakeLogCollector _records = new();

    public IReadOnlyList<FakeLogRecord> Records => _records.GetSnapshot();

    /// <summary>Pass as the <c>services</c> of <see cref="TestCollector.StartAsync"/>.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(_records));

    public IReadOnlyList<FakeLogRecord> Since(int count) => [.. Records.Skip(count)];

    /// <summary>Every record as one line of text (a message that contains a line break stays several lines).</summary>
    public static string Text(IEnumerable<FakeLogRecord> records) =>
        string.Join("\n", records.Select(r => $"[{r.Level}] {r.Category} ({r.Id.Id}): {r.Message}{(r.Exception is null ? "" : " " + r.Exception)}"));

    public override string ToString() => Text(Records);
}
