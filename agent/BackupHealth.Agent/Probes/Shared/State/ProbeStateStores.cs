using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BackupHealth.FilesAtRest;

namespace BackupHealth.Agent.Probes.Shared.State;

/// <summary>Hands each probe its own state store: files under the agent's data folder for <c>run</c>, memory only for
/// <c>check</c> (which should report what the source holds now, not only what is new since the service last ran).</summary>
internal abstract class ProbeStateStores
{
    public const string FolderName = "probe-state";

    public abstract IProbeStateStore For(string probeName);

    /// <summary>The facts of the probe's latest run are queued: what it saved in that run is kept from now on. Only
    /// stores made <c>heldUntilQueued</c> wait for this; the others keep every save at once.</summary>
    public virtual void Keep(string probeName)
    {
    }

    /// <summary>The facts of the probe's latest run could not all be queued (a full outbox): what it saved in that run
    /// is forgotten, so the next run starts from the state before it and offers those facts again.</summary>
    public virtual void Forget(string probeName)
    {
    }

    public static ProbeStateStores InMemory() => new MemoryStores();

    /// <param name="folder">Created when missing.</param>
    /// <param name="heldUntilQueued">As for <see cref="InFolder(Func{string}, bool)"/>.</param>
    public static ProbeStateStores InFolder(string folder, bool heldUntilQueued = false) => InFolder(() => folder, heldUntilQueued);

    /// <param name="folder">Asked for, and created when missing, on the first load or save — so probes can be created
    /// (and their settings checked) before the agent's own settings are known to be valid.</param>
    /// <param name="heldUntilQueued">A save waits (in memory, where the probe's next load finds it) for
    /// <see cref="Keep"/> or <see cref="Forget"/>: a probe that remembers what it reported must not remember facts
    /// the outbox did not take, or they would never be offered again.</param>
    public static ProbeStateStores InFolder(Func<string> folder, bool heldUntilQueued = false) => new FolderStores(new Lazy<string>(() =>
    {
        var path = folder();
        OwnerOnly.CreateFolder(path);
        return path;
    }), heldUntilQueued);

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

    private sealed class FolderStores(Lazy<string> folder, bool heldUntilQueued) : ProbeStateStores
    {
        private readonly ConcurrentDictionary<string, FileStore> _stores = new(StringComparer.Ordinal);

        public override IProbeStateStore For(string probeName) => Store(probeName);

        public override void Keep(string probeName) => Store(probeName).Keep();

        public override void Forget(string probeName) => Store(probeName).Forget();

        private FileStore Store(string probeName) => _stores.GetOrAdd(
            probeName, name => new FileStore(new Lazy<string>(() => Path.Combine(folder.Value, FileNameFor(name))), heldUntilQueued));
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

    private sealed class FileStore(Lazy<string> file, bool heldUntilQueued) : IProbeStateStore
    {
        private byte[]? _held;

        public T? Load<T>(JsonTypeInfo<T> typeInfo)
            where T : class
        {
            if (Volatile.Read(ref _held) is { } held)
            {
                return JsonSerializer.Deserialize(held, typeInfo);
            }

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
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
            if (heldUntilQueued)
            {
                Volatile.Write(ref _held, bytes);
                return;
            }

            Write(bytes);
        }

        /// <exception cref="IOException">The disk refused it (full); the state is then kept in memory until the next run's save.</exception>
        public void Keep()
        {
            if (Volatile.Read(ref _held) is { } held)
            {
                Write(held);
                Interlocked.CompareExchange(ref _held, null, held);
            }
        }

        public void Forget() => Volatile.Write(ref _held, null);

        // Written beside and renamed over, so a crash leaves the old state or the new one, never half of one.
        private void Write(byte[] bytes) => AtomicFile.Write(file.Value, bytes);
    }
}
