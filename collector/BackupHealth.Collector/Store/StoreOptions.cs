namespace BackupHealth.Collector.Store;

/// <summary>The <c>Collector:Store</c> section: which database the collector keeps its data in.</summary>
internal sealed class StoreOptions
{
    public const string SectionName = "Collector:Store";
    public const string DefaultProvider = "sqlite";

    /// <summary>The backend's name (<see cref="StoreBackend.Name"/>): <c>sqlite</c>, a file in
    /// <c>Collector:DataPath</c>.</summary>
    public string Provider { get; set; } = DefaultProvider;

    /// <summary>The backend the setting names, or a start-up error naming the setting and the choices.</summary>
    public static StoreBackend Choose(string? provider, IReadOnlyList<StoreBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(backends);
        var name = string.IsNullOrWhiteSpace(provider) ? DefaultProvider : provider.Trim();
        return backends.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new Hosting.CollectorStartupException(
                $"{SectionName}:Provider: '{name}' is not a store this collector has; choose one of: {string.Join(", ", backends.Select(b => b.Name))}");
    }
}
