using System.Net;
using System.Net.Sockets;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>Clients that connect from another loopback address than 127.0.0.1, so a test can be two source
/// addresses at once. Linux routes all of 127.0.0.0/8 to the loopback interface; other systems only 127.0.0.1.</summary>
internal static class LoopbackSource
{
    public static readonly IPAddress Other = IPAddress.Parse("127.0.0.2");

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
