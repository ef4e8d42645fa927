using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace BackupHealth.Testing;

/// <summary>A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it accepts.
/// Optionally it requires a login, and it refuses recipients at <see cref="RejectedDomain"/> with 550.</summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    public const string RejectedDomain = "rejected.example";

    private readonly CancellationTokenSource _stop = new();
    private readonly RecordingStore _store = new();
    private readonly ConcurrentQueue<string> _logins = new();
    private Task? _running;

    public int Port { get; } = LoopbackPorts.GetFree();

    public IReadOnlyList<ReceivedMail> Messages => _store.Messages;

    /// <summary>User names that logged in successfully.</summary>
    public IReadOnlyList<string> Logins => [.. _logins];

    /// <param name="user">When set, AUTH with this user and <paramref name="password"/> is required.</param>
    public static async Task<SmtpTestServer> StartAsync(string? user = null, string? password = null)
    {
        var server = new SmtpTestServer();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port))
                .AuthenticationRequired(user is not null)
                .AllowUnsecureAuthentication(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(server._store);
        services.Add(new DelegatingMailboxFilter((IMailbox to, IMailbox _) => !string.Equals(to.Host, RejectedDomain, StringComparison.OrdinalIgnoreCase)));
        services.Add(new DelegatingUserAuthenticator((u, p) =>
        {
            var ok = u == user && p == password;
            if (ok)
            {
                server._logins.Enqueue(u);
            }

            return ok;
        }));
        server._running = new SmtpServer.SmtpServer(options, services).StartAsync(server._stop.Token);
        await server.WaitUntilListeningAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running!;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task WaitUntilListeningAsync()
    {
        await Poll.UntilAsync(() =>
        {
            using var client = new TcpClient();
            try
            {
                client.Connect(IPAddress.Loopback, Port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, "the SMTP server listens");
    }

    private sealed class RecordingStore : MessageStore
    {
        private readonly ConcurrentQueue<ReceivedMail> _messages = new();

        public IReadOnlyList<ReceivedMail> Messages => [.. _messages];

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            _messages.Enqueue(new ReceivedMail(message, [.. transaction.To.Select(m => $"{m.User}@{m.Host}")], transaction.From is { } f ? $"{f.User}@{f.Host}" : ""));
            return SmtpResponse.Ok;
        }
    }
}

/// <param name="Envelope">RCPT TO addresses.</param>
public sealed record ReceivedMail(MimeMessage Message, IReadOnlyList<string> Envelope, string EnvelopeFrom);
