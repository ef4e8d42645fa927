using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Limits;

/// <summary>Closes connections that have had no request in flight for <c>Collector:Limits:KeepAliveTimeout</c>, pings or
/// not. Kestrel's own keep-alive timeout starts again at every PING frame a client sends or answers, so an HTTP/2
/// connection that only pings (or answers the collector's keep-alive pings) would otherwise stay open for ever: 20,000 of
/// them once used up the process's file descriptors. The connection middleware knows every connection; the request
/// middleware (<see cref="RequestsInFlight"/>) counts its requests; a timer on the <see cref="TimeProvider"/> sweeps
/// (the real clock, like Kestrel's: see <see cref="LimitsServiceCollectionExtensions"/>).</summary>
internal sealed class IdleConnections : IDisposable
{
    private readonly ConcurrentDictionary<string, TrackedConnection> _connections = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger<IdleConnections> _logger;
    private readonly ITimer _sweep;

    public IdleConnections(IOptions<LimitsOptions> options, TimeProvider time, ILogger<IdleConnections> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeout = LimitsOptionsValidator.ValueIfValid(options)?.KeepAliveTimeout ?? TimeSpan.Parse(LimitsOptions.DefaultKeepAliveTimeout, System.Globalization.CultureInfo.InvariantCulture);
        _time = time;
        _logger = logger;
        var period = TimeSpan.FromTicks(Math.Clamp(_timeout.Ticks / 4, TimeSpan.TicksPerSecond, 30 * TimeSpan.TicksPerSecond));
        _sweep = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    /// <summary>Connections open now.</summary>
    public int Count => _connections.Count;

    /// <summary>Connection middleware: tracks the connection for as long as it is open.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        _connections[connection.ConnectionId] = new TrackedConnection(connection, _time.GetUtcNow());
        try
        {
            await next(connection);
        }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>Request middleware: the connection is busy while <paramref name="next"/> runs (a whole ingest stream).</summary>
    public async Task TrackAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!_connections.TryGetValue(context.Connection.Id, out var connection))
        {
            await next(context);
            return;
        }

        connection.RequestStarted();
        try
        {
            await next(context);
        }
        finally
        {
            connection.RequestEnded(_time.GetUtcNow());
        }
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var connection in _connections.Values)
        {
            if (connection.IdleFor(now) is { } idle && idle >= _timeout)
            {
                Log.IdleConnectionClosed(_logger, AddressKey.Of((connection.Context.RemoteEndPoint as IPEndPoint)?.Address), _timeout);
                connection.Close(now);
            }
        }
    }

    public void Dispose() => _sweep.Dispose();

    /// <summary>One open connection: its requests in flight and since when it has had none.</summary>
    private sealed class TrackedConnection(ConnectionContext context, DateTimeOffset opened)
    {
        private readonly Lock _gate = new();
        private int _inFlight;
        private DateTimeOffset _idleSince = opened;
        private bool _closeRequested;

        public ConnectionContext Context => context;

        public void RequestStarted()
        {
            lock (_gate)
            {
                _inFlight++;
            }
        }

        public void RequestEnded(DateTimeOffset now)
        {
            lock (_gate)
            {
                _inFlight--;
                _idleSince = now;
            }
        }

        /// <summary>How long it has had no request in flight; null while it has one.</summary>
        public TimeSpan? IdleFor(DateTimeOffset now)
        {
            lock (_gate)
            {
                return _inFlight == 0 ? now - _idleSince : null;
            }
        }

        /// <summary>Asks Kestrel to close it gracefully (GOAWAY on HTTP/2); one that is still open a timeout later is
        /// aborted.</summary>
        public void Close(DateTimeOffset now)
        {
            bool abort;
            lock (_gate)
            {
                abort = _closeRequested;
                _closeRequested = true;
                _idleSince = now;
            }

            if (!abort && context.Features.Get<IConnectionLifetimeNotificationFeature>() is { } lifetime)
            {
                lifetime.RequestClose();
            }
            else
            {
                context.Abort(new ConnectionAbortedException("no request for longer than Collector:Limits:KeepAliveTimeout"));
            }
        }
    }
}
