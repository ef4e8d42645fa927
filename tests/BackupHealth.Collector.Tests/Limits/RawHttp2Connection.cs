using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;

namespace BackupHealth.Collector.Tests.Limits;

/// <summary>A client that speaks just enough HTTP/2 over TLS by hand to hold a connection open without ever opening a
/// stream: the preface, an empty SETTINGS, PINGs and the ACKs the server expects.</summary>
internal sealed class RawHttp2Connection : IAsyncDisposable
{
    public const byte SettingsFrame = 0x4;
    public const byte PingFrame = 0x6;
    public const byte GoAwayFrame = 0x7;
    private const byte Ack = 0x1;
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    private readonly TcpClient _tcp;
    private readonly SslStream _tls;

    private RawHttp2Connection(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
    }

    /// <summary>Connects and completes the TLS handshake (ALPN h2); throws when the server closes the connection first.</summary>
    public static async Task<RawHttp2Connection> OpenAsync(Uri endpoint)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(endpoint.Host, endpoint.Port);
            var tls = new SslStream(tcp.GetStream());
#pragma warning disable CA5359 // the test CA's certificate; what is tested is the connection's fate, not its trust
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
            });
#pragma warning restore CA5359
            return new RawHttp2Connection(tcp, tls);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>The connection preface and an empty SETTINGS frame: an HTTP/2 connection with no stream.</summary>
    public async Task StartAsync()
    {
        await _tls.WriteAsync(Preface);
        await WriteFrameAsync(SettingsFrame, 0, []);
    }

    public Task PingAsync(long payload)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(data, payload);
        return WriteFrameAsync(PingFrame, 0, data);
    }

    /// <summary>Reads frames, acknowledging the server's SETTINGS and PINGs, until the ACK of our PING, a GOAWAY or the
    /// end of the connection; returns the frame type that ended the wait, or null at the end of the connection.</summary>
    public async Task<byte?> NextPingAckOrGoAwayAsync(CancellationToken cancellationToken)
    {
        while (await ReadFrameAsync(cancellationToken) is { } frame)
        {
            switch (frame.Type)
            {
                case SettingsFrame when (frame.Flags & Ack) == 0:
                    await WriteFrameAsync(SettingsFrame, Ack, []);
                    break;
                case PingFrame when (frame.Flags & Ack) == 0:
                    await WriteFrameAsync(PingFrame, Ack, frame.Payload);
                    break;
                case PingFrame:
                case GoAwayFrame:
                    return frame.Type;
            }
        }

        return null;
    }

    private async Task WriteFrameAsync(byte type, byte flags, byte[] payload)
    {
        var header = new byte[9];
        header[0] = (byte)(payload.Length >> 16);
        header[1] = (byte)(payload.Length >> 8);
        header[2] = (byte)payload.Length;
        header[3] = type;
        header[4] = flags;
        await _tls.WriteAsync(header);
        await _tls.WriteAsync(payload);
        await _tls.FlushAsync();
    }

    private async Task<(byte Type, byte Flags, byte[] Payload)?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[9];
        try
        {
            await _tls.ReadExactlyAsync(header, cancellationToken);
            var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
            await _tls.ReadExactlyAsync(payload, cancellationToken);
            return (header[3], header[4], payload);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _tcp.Dispose();
    }
}
