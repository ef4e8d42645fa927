using System.Net;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Support;

/// <summary>Clients that connect from another loopback address than 127.0.0.1, so a test can be two source
/// addresses at once (Linux only: see <see cref="SourceAddress"/>).</summary>
internal static class LoopbackSource
{
    public static readonly IPAddress Other = IPAddress.Parse("127.0.0.2");

    /// <summary>A handler whose connections leave from <paramref name="source"/>.</summary>
    public static SocketsHttpHandler Handler(IPAddress source) => SourceAddress.Handler(source);
}
