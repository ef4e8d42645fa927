using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace BackupHealth.Agent.Probes.State;

/// <summary>Hands each probe its own state store: files under the agent's data folder for <c>run</c>, memory only for
/// <c>check</c> (which should report what the source holds now, not only what is new since the service last ran).</summary>
internal abstract class ProbeStateStores
{
    public const string FolderName = "probe-state";

    public abstract IProbeStateStore For(string probeName);

    public static ProbeStateStores InMemory() => new MemoryStores();

    /// <param name="folder">Created when missing.</param>
    public static ProbeStateStores InFolder(string folder) => InFolder(() => folder);

    /// <param name="folder">Asked for, and created when missing, on the first load or save — so probes can be created
    /// (and their settings checked) before the agent's own settings are known to be valid.</param>
    public static ProbeStateStores InFolder(Func<string> folder) => new FolderStores(new Lazy<string>(() =>
    {
        var path = folder();
        Directory.CreateDirectory(path);
        return path;
    }));

    /// <summary>A file name that is safe on every file system and cannot collide for two probe names that differ only
    /// in case or in characters replaced here.</summary>
    internal static string FileNameFor(string probeName)
    {
        var safe = new StringBuilder(probeName.Length);
        foreach (var c in probeName.Take(60))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return $"{safe}-{StableId.Of(probeName)[..12]}.json";
    }

    private sealed class MemoryStores : ProbeStateStores
    {
        private readonly ConcurrentDictionary<string, MemoryStore> _stores = new(StringComparer.Ordinal);

        public override IProbeStateStore For(string probeName) => _stores.GetOrAdd(probeName, _ => new MemoryStore());
    }

    private sealed class FolderStores(Lazy<string> folder) : ProbeStateStores
    {
        public override IProbeStateStore For(string probeName) =>
            new FileStore(new Lazy<string>(() => Path.Combine(folder.Value, FileNameFor(probeName))));
    }

    private sealed class MemoryStore : IProbeStateStore
    {
        private byte[]? _saved;

        public T? Load<T>(JsonTypeInfo<T> typeInfo)
            where T : class =>
            Volatile.Read(ref _saved) is { } bytes ? JsonSerializer.Deserialize(bytes, typeInfo) : null;

        public void Save<T>(T value, JsonTypeInfo<T> typeInfo)
            where T : class =>
            Volatile.Write(ref _saved, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo));
    }

    private sealed class FileStore(Lazy<string> file) : IProbeStateStore
    {
        public T? Load<T>(JsonTypeInfo<T> typeInfo)
            where T : class
        {
            try
            {
                using var stream = File.OpenRead(file.Value);
                return JsonSerializer.Deserialize(stream, typeInfo);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
            {
                // Missing or unreadable memory only costs a full re-read of the source.
                return null;
            }
        }

        public void Save<T>(T value, JsonTypeInfo<T> typeInfo)
            where T : class
        {
            // Written beside and renamed over, so a crash leaves the old state or the new one, never half of one.
            var path = file.Value;
            var temporary = path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, value, typeInfo);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
    }
}
