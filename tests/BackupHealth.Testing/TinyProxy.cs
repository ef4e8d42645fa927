using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace BackupHealth.Testing;

/// <summary>A real HTTP CONNECT proxy — Debian's tinyproxy — on 127.0.0.1 (a free port), as an MSP's customer has in
/// front of its servers: optionally with Basic authentication, logging every CONNECT it tunnels.</summary>
public sealed class TinyProxy : IAsyncDisposable
{
    public const string Package = "tinyproxy";

    private readonly TempDirectory _folder = new("bh-tinyproxy");
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private TinyProxy(int port, string? user, string? password)
    {
        Port = port;
        var config = new StringBuilder()
            .AppendLine($"Port {port}")
            .AppendLine("Listen 127.0.0.1")
            .AppendLine("Timeout 600")
            .AppendLine("LogLevel Connect")
            .AppendLine($"LogFile \"{_folder.Combine("tinyproxy.log")}\"")
            .AppendLine("MaxClients 100")
            .AppendLine("Allow 127.0.0.1")
            .AppendLine("DisableViaHeader Yes");
        // No ConnectPort line: CONNECT to any port (the collector's gRPC port is not 443).
        if (user is not null)
        {
            config.AppendLine($"BasicAuth {user} {password}");
        }

        File.WriteAllText(_folder.Combine("tinyproxy.conf"), config.ToString());
        _process = ExternalProgram.Start("tinyproxy", Package, ["-d", "-c", _folder.Combine("tinyproxy.conf")], _folder.Path, _output);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>What tinyproxy logged: one line per connection it tunnelled ("CONNECT 127.0.0.1:5180 …").</summary>
    public string Log => File.Exists(_folder.Combine("tinyproxy.log")) ? ReadShared(_folder.Combine("tinyproxy.log")) : "";

    public string Output => ExternalProgram.Read(_output);

    /// <summary>Starts tinyproxy and waits until it accepts connections.</summary>
    public static async Task<TinyProxy> StartAsync(string? user = null, string? password = null)
    {
        var proxy = new TinyProxy(LoopbackPorts.GetFree(), user, password);
        await Poll.UntilAsync(proxy.AcceptsAsync, accepts => accepts, "tinyproxy accepts connections", diagnostics: () => proxy.Output);
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _folder.Dispose();
    }

    private async Task<bool> AcceptsAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"tinyproxy exited with {_process.ExitCode}: {Output}");
        }

        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
