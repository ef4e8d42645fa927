using System.Net;
using BackupHealth.Testing;

namespace BackupHealth.Benchmarks.Soak;

/// <summary>Source addresses of the soak's clients, so a thousand simulated agents come from a thousand addresses as
/// real sites do (per-address limits would otherwise treat them as one).</summary>
internal static class LoopbackAddresses
{
    /// <summary>127.1.x.y for agent <paramref name="index"/>; the guesser uses 127.0.0.2 and the flooder 127.0.0.3.</summary>
    public static IPAddress ForAgent(int index) => new([127, 1, (byte)(index / 250), (byte)(index % 250 + 1)]);

    public static readonly IPAddress Attacker = IPAddress.Parse("127.0.0.2");

    public static readonly IPAddress Flooder = IPAddress.Parse("127.0.0.3");

    /// <summary>A handler trusting the test CA whose connections leave from <paramref name="source"/>, one HTTP/2
    /// connection per handler as the real agent has.</summary>
    public static SocketsHttpHandler Handler(IPAddress source)
    {
        var handler = TestTls.Trust(SourceAddress.Handler(source));
        handler.EnableMultipleHttp2Connections = false;
        return handler;
    }
}
