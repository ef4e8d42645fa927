using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Collector.Limits;

/// <summary>Open connections per source address on one listener (<c>Collector:Limits:MaxConnectionsPerAddress</c>),
/// as Kestrel connection middleware ahead of TLS: a connection over the cap is closed before its handshake costs
/// anything. One address cannot then take the whole of <c>MaxConcurrentConnections</c> from everybody else.</summary>
internal sealed class AddressConnections(int limit, ILogger logger)
{
    private readonly Dictionary<string, int> _open = [];
    private readonly HashSet<string> _full = [];
    private readonly Lock _gate = new();

    /// <summary>Connections open now from <paramref name="address"/>.</summary>
    public int OpenFrom(string address)
    {
        lock (_gate)
        {
            return _open.GetValueOrDefault(address);
        }
    }

    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => HandleAsync(next, connection);

    private async Task HandleAsync(ConnectionDelegate next, ConnectionContext connection)
    {
        var address = AddressKey.Of((connection.RemoteEndPoint as IPEndPoint)?.Address);
        if (!TryEnter(address))
        {
            // Returning without calling the next middleware closes the connection.
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Leave(address);
        }
    }

    private bool TryEnter(string address)
    {
        bool warn;
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(address);
            if (open < limit)
            {
                _open[address] = open + 1;
                return true;
            }

            warn = _full.Add(address);
        }

        if (warn)
        {
            Log.AddressConnectionsFull(logger, address, limit);
        }

        return false;
    }

    private void Leave(string address)
    {
        lock (_gate)
        {
            var open = _open.GetValueOrDefault(address) - 1;
            if (open <= 0)
            {
                _open.Remove(address);
            }
            else
            {
                _open[address] = open;
            }

            // Warn again only once the address has come well down, not at every connection that ends at the cap.
            if (open <= limit / 2)
            {
                _full.Remove(address);
            }
        }
    }
}
