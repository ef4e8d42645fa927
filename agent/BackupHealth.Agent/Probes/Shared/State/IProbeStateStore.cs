using System.Text.Json.Serialization.Metadata;

namespace BackupHealth.Agent.Probes.Shared.State;

/// <summary>One probe's small memory: what it has already seen, so the next run asks its source only for what is new.
/// Losing it is harmless (observation ids are stable, so a re-read fact is dropped as a duplicate); it only saves
/// work. Types go through source-generated JSON metadata so the agent stays trimmable.</summary>
internal interface IProbeStateStore
{
    /// <returns>The saved value, or null when nothing was saved or what was saved cannot be read any more.</returns>
    T? Load<T>(JsonTypeInfo<T> typeInfo)
        where T : class;

    void Save<T>(T value, JsonTypeInfo<T> typeInfo)
        where T : class;
}
