using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Store;

/// <summary>A database the collector can keep its data in: the name <c>Collector:Store:Provider</c> chooses it by,
/// and the one call that registers its implementation of this folder's interfaces. The program
/// (BackupHealth.Collector.Host) lists the backends it ships; the rooms never know which one runs.</summary>
internal sealed record StoreBackend(string Name, Action<IServiceCollection, IConfiguration> Register);
