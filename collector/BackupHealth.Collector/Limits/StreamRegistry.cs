using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>The ingest streams open now, per agent and in all (<c>Collector:Limits:MaxStreamsPerAgent</c>,
/// <c>MaxStreams</c>). An agent over its cap gets in and its oldest stream is ended: an agent that reconnects after
/// its network dropped still has its old, half-open stream here until the keep-alive ping notices, and refusing the
/// new stream would lock the one real agent out for that long. Over the total cap a new stream is refused.</summary>
internal sealed class StreamRegistry(IOptions<LimitsOptions> options)
{
    private readonly Dictionary<(long SiteId, string AgentId), List<OpenStream>> _open = [];
    private readonly Lock _gate = new();
    private int _total;

    /// <summary>Open streams of all agents.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>Registers a new stream of the agent, ending its oldest ones beyond the per-agent cap; null when the
    /// collector already holds its total of streams. Dispose the result when the stream ends.</summary>
    public OpenStream? TryOpen(long siteId, string agentId)
    {
        var limits = options.Value;
        List<OpenStream> displaced = [];
        OpenStream opened;
        lock (_gate)
        {
            var key = (siteId, agentId);
            var streams = _open.TryGetValue(key, out var list) ? list : [];
            var over = Math.Max(0, streams.Count + 1 - limits.MaxStreamsPerAgent);
            if (_total - over >= limits.MaxStreams)
            {
                return null;
            }

            displaced.AddRange(streams.Take(over));
            streams.RemoveRange(0, over);
            opened = new OpenStream(this, key);
            streams.Add(opened);
            _open[key] = streams;
            _total += 1 - over;
        }

        foreach (var stream in displaced)
        {
            stream.Displace();
        }

        return opened;
    }

    /// <summary>Ends every open stream of the agent (it was revoked); the number ended.</summary>
    public int EndAgent(long siteId, string agentId)
    {
        List<OpenStream> ended;
        lock (_gate)
        {
            ended = _open.TryGetValue((siteId, agentId), out var streams) ? [.. streams] : [];
        }

        foreach (var stream in ended)
        {
            stream.Displace(revoked: true);
        }

        return ended.Count;
    }

    private void Close(OpenStream stream)
    {
        lock (_gate)
        {
            if (_open.TryGetValue(stream.Key, out var streams) && streams.Remove(stream))
            {
                _total--;
                if (streams.Count == 0)
                {
                    _open.Remove(stream.Key);
                }
            }
        }
    }

    /// <summary>One registered stream; <see cref="Displaced"/> fires when a newer stream of the same agent ends it.</summary>
    internal sealed class OpenStream : IDisposable
    {
        private readonly StreamRegistry _registry;
        private readonly CancellationTokenSource _displaced = new();

        internal OpenStream(StreamRegistry registry, (long SiteId, string AgentId) key)
        {
            _registry = registry;
            Key = key;
        }

        internal (long SiteId, string AgentId) Key { get; }

        public CancellationToken Displaced => _displaced.Token;

        public bool WasDisplaced => _displaced.IsCancellationRequested;

        /// <summary>Ended because its agent was revoked, not by a newer stream.</summary>
        public bool WasRevoked { get; private set; }

        internal void Displace(bool revoked = false)
        {
            WasRevoked |= revoked;
            try
            {
                _displaced.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The stream ended by itself in the meantime: nothing left to end.
            }
        }

        public void Dispose()
        {
            _registry.Close(this);
            _displaced.Dispose();
        }
    }
}
