using System.Net;
using System.Net.Sockets;

namespace BackupHealth.Testing;

/// <summary>HTTP handlers whose connections leave from a chosen local address, so one test process can be several
/// clients at several addresses. Linux routes all of 127.0.0.0/8 to the loopback interface; other systems only
/// 127.0.0.1.</summary>
public static class SourceAddress
{
    /// <summary>A handler whose connections leave from <paramref name="source"/>.</summary>
    public static SocketsHttpHandler Handler(IPAddress source) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
