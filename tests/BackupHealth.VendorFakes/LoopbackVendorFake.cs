using Microsoft.AspNetCore.Builder;

namespace BackupHealth.VendorFakes;

/// <summary>What the vendor API fakes share: one HTTPS <see cref="LoopbackWebServer"/>, the one user they accept,
/// one lock over their state, a count of logins and a log of what was asked, for tests to read.</summary>
/// <typeparam name="TSelf">The fake itself, so its setters can chain (<c>fake.AddVms(...).AddTasks(...)</c>).</typeparam>
public abstract class LoopbackVendorFake<TSelf> : IAsyncDisposable
    where TSelf : LoopbackVendorFake<TSelf>
{
    private readonly List<string> _log = [];
    private LoopbackWebServer? _server;
    private int _logins;

    protected LoopbackVendorFake(string username, string password)
    {
        Username = username;
        Password = password;
    }

    public string Username { get; }

    public string Password { get; set; }

    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>SHA-256 of the served certificate, for the probe's <c>CertificateThumbprint</c>.</summary>
    public string CertificateSha256 => Server.CertificateSha256!;

    public LoopbackWebServer Server => _server ?? throw new InvalidOperationException("not started");

    public int LoginCount => Volatile.Read(ref _logins);

    /// <summary>Guards the fake's data: tests change it while the server answers requests.</summary>
    protected Lock Gate { get; } = new();

    /// <summary>A snapshot of <see cref="Record"/>ed entries, in order.</summary>
    protected IReadOnlyList<string> Log
    {
        get
        {
            lock (Gate)
            {
                return _log.ToList();
            }
        }
    }

    /// <summary>The server goes away: connections are refused until a new fake is started (give the same port to
    /// come back on the same address).</summary>
    public Task StopAsync() => Server.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected async Task<TSelf> ListenAsync(Action<WebApplication> map, int port)
    {
        _server = await LoopbackWebServer.StartAsync(map, https: true, port: port);
        return (TSelf)this;
    }

    protected TSelf Locked(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (Gate)
        {
            action();
        }

        return (TSelf)this;
    }

    protected void Record(string entry) => Locked(() => _log.Add(entry));

    protected void ClearLog() => Locked(_log.Clear);

    protected void CountLogin() => Interlocked.Increment(ref _logins);
}
