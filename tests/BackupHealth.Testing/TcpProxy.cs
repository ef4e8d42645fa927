using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BackupHealth.Testing;

/// <summary>A real TCP proxy on 127.0.0.1 between an agent and a collector. It can stop forwarding the agent's bytes
/// after a given amount, so a test interrupts a stream at a known point instead of racing it, and it can be pointed
/// at a restarted collector on another port.</summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<Socket, byte> _sockets = new();
    private readonly Task _acceptLoop;
    private readonly object _gate = new();
    private TaskCompletionSource _unfrozen = NewSignal(completed: true);
    private TaskCompletionSource _frozen = NewSignal(completed: false);
    private long _upstreamLimit = long.MaxValue;
    private long _upstreamBytes;

    public TcpProxy(EndPoint target)
    {
        Target = target;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public Uri HttpsUri => new($"https://127.0.0.1:{Port}");

    /// <summary>Where new connections go; existing ones keep their server.</summary>
    public EndPoint Target { get; set; }

    public long UpstreamBytes => Interlocked.Read(ref _upstreamBytes);

    /// <summary>Forward at most <paramref name="totalBytes"/> bytes from clients (counted since the proxy started),
    /// then hold the rest until <see cref="Unfreeze"/>.</summary>
    public void FreezeUpstreamAfter(long totalBytes)
    {
        lock (_gate)
        {
            _upstreamLimit = totalBytes;
            if (_unfrozen.Task.IsCompleted)
            {
                _unfrozen = NewSignal(completed: false);
            }
        }
    }

    /// <summary>Completes once the upstream limit was reached and a client is being held back.</summary>
    public Task Frozen => _frozen.Task;

    public void Unfreeze()
    {
        lock (_gate)
        {
            _upstreamLimit = long.MaxValue;
            _frozen = NewSignal(completed: false);
            _unfrozen.TrySetResult();
        }
    }

    /// <summary>Closes every open connection, as a network failure or a dead peer would.</summary>
    public void DropConnections()
    {
        foreach (var socket in _sockets.Keys)
        {
            Close(socket);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        DropConnections();
        Unfreeze();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptSocketAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        _sockets[client] = 0;
        _sockets[server] = 0;
        try
        {
            await server.ConnectAsync(Target, _stop.Token);
            await Task.WhenAny(PumpAsync(client, server, upstream: true), PumpAsync(server, client, upstream: false));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool upstream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var max = buffer.Length;
                if (upstream)
                {
                    max = await WaitForAllowanceAsync(buffer.Length);
                }

                var read = await from.ReceiveAsync(buffer.AsMemory(0, max), SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (upstream)
                {
                    Interlocked.Add(ref _upstreamBytes, read);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private async Task<int> WaitForAllowanceAsync(int wanted)
    {
        while (true)
        {
            Task unfrozen;
            lock (_gate)
            {
                var allowed = _upstreamLimit - UpstreamBytes;
                if (allowed > 0)
                {
                    return (int)Math.Min(wanted, allowed);
                }

                _frozen.TrySetResult();
                unfrozen = _unfrozen.Task;
            }

            await unfrozen.WaitAsync(_stop.Token);
        }
    }

    private void Close(Socket socket)
    {
        _sockets.TryRemove(socket, out _);
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }

        socket.Dispose();
    }
}
