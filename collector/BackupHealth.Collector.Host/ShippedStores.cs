using BackupHealth.Collector.Store;
using BackupHealth.Collector.Store.Sqlite;

namespace BackupHealth.Collector.Host;

/// <summary>The store backends this program ships, one of which <c>Collector:Store:Provider</c> chooses. Tests and
/// benchmarks start the collector with the same list.</summary>
internal static class ShippedStores
{
    public static IReadOnlyList<StoreBackend> All { get; } = [SqliteStore.Backend];
}
