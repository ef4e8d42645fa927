using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Collector.Hosting;
using BackupHealth.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tls;

/// <summary>The certificate the https listeners present, with its chain, for every TLS handshake. A configured
/// certificate is read again when its files change (a renewal by certbot takes effect on the next connection, no
/// restart); a file that cannot be read keeps the previous certificate in use and is logged. Without one, the
/// collector's own CA signs a server certificate (<see cref="SelfMadeCertificates"/>), renewed before it expires.
/// Loaded when the host starts, before the listeners: a certificate that cannot be used stops the start, naming the
/// setting.</summary>
internal sealed class ServerCertificates(
    IOptions<TlsOptions> tls, IOptions<CollectorOptions> collector, IHostEnvironment environment, TimeProvider time, ILogger<ServerCertificates> logger)
    : IHostedService
{
    private readonly Lock _lock = new();
    private Served? _served;
    private IReadOnlyList<FileStamp>? _failedFiles;
    private SelfMadeCertificates? _selfMade;
    private IReadOnlyList<string> _names = [];

    /// <summary>The pin agents can trust: of the collector's own CA, or of the top certificate of a configured chain;
    /// null when the configured file holds no chain (then agents rely on the system's trusted roots).</summary>
    public string? Pin => Load().Pin;

    /// <summary>The CA certificates sent with the server certificate, or the collector's own CA: what an enrolment
    /// token's pin can name.</summary>
    public IReadOnlyList<X509Certificate2> CaCertificates => Load().Chain;

    /// <summary>The collector's own CA, or null when a certificate is configured.</summary>
    public X509Certificate2? SelfMadeCa => Load() is { SelfMade: true } served ? served.Chain[^1] : null;

    /// <summary>For the TLS handshake: the current certificate and the chain to send with it.</summary>
    public SslStreamCertificateContext Current
    {
        get
        {
            var served = Load();
            if (served.SelfMade ? _selfMade!.IsDue(served.Leaf) : served.Files.Any(f => f.Changed()))
            {
                lock (_lock)
                {
                    served = Reload(_served!);
                }
            }

            return served.Context;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = collector.Value;
        if (!options.GrpcUrl.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || !options.WebUrl.StartsWith("http:", StringComparison.OrdinalIgnoreCase))
        {
            Load();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Loads or makes the certificate once; a problem is a <see cref="CollectorStartupException"/> naming the
    /// setting.</summary>
    public Served Load()
    {
        if (_served is { } served)
        {
            return served;
        }

        lock (_lock)
        {
            if (_served is not null)
            {
                return _served;
            }

            try
            {
                _served = First();
            }
            catch (CertificateFileException ex)
            {
                throw new CollectorStartupException(ex.Message, ex);
            }

            return _served;
        }
    }

    private Served First()
    {
        var options = tls.Value;
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var served = FromFiles(options);
            Log.TlsCertificateLoaded(logger, served.Files[0].Path, served.Leaf.Subject, served.Leaf.NotAfter.ToUniversalTime(),
                served.Pin ?? "none (the file holds no CA certificate; agents use the system's trusted roots)");
            WarnIfExpiring(served);
            return served;
        }

        _selfMade = new SelfMadeCertificates(Path.Combine(DataFolder(), SelfMadeCertificates.FolderName), time);
        _names = options.Names.Count > 0 ? options.Names : DefaultNames();
        var (ca, created) = _selfMade.LoadOrCreateCa();
        var self = SelfMade();
        if (created)
        {
            Log.TlsCaCreated(logger, _selfMade.Folder, self.Pin!);
        }

        Log.TlsSelfMade(logger, self.Pin!, string.Join(", ", _names), self.Leaf.NotAfter.ToUniversalTime(), ca.Subject);
        return self;
    }

    private Served Reload(Served current)
    {
        if (current.SelfMade)
        {
            if (_selfMade!.IsDue(current.Leaf))
            {
                _served = SelfMade();
                Log.TlsServerCertificateRenewed(logger, _served.Leaf.NotAfter.ToUniversalTime());
            }

            return _served!;
        }

        var stamps = current.Files.Select(f => FileStamp.Of(f.Path)).ToList();
        if (!stamps.SequenceEqual(current.Files) && (_failedFiles is null || !stamps.SequenceEqual(_failedFiles)))
        {
            try
            {
                _served = FromFiles(tls.Value);
                _failedFiles = null;
                Log.TlsCertificateReloaded(logger, _served.Files[0].Path, _served.Leaf.Subject, _served.Leaf.NotAfter.ToUniversalTime());
                WarnIfExpiring(_served);
            }
            catch (Exception ex) when (ex is CertificateFileException or IOException or UnauthorizedAccessException)
            {
                _failedFiles = stamps;
                Log.TlsCertificateReloadFailed(logger, current.Files[0].Path, ex.Message);
            }
        }

        return _served!;
    }

    private Served SelfMade()
    {
        var (ca, _) = _selfMade!.LoadOrCreateCa();
        var (server, issued) = _selfMade.LoadOrIssueServer(_names);
        if (issued)
        {
            Log.TlsServerCertificateIssued(logger, string.Join(", ", _names), server.NotAfter.ToUniversalTime());
        }

        return Served.Create(server, [ca], [], selfMade: true);
    }

    private Served FromFiles(TlsOptions options)
    {
        var root = environment.ContentRootPath;
        var loaded = ConfiguredCertificate.Load(Path.GetFullPath(options.CertificatePath, root),
            string.IsNullOrWhiteSpace(options.KeyPath) ? null : Path.GetFullPath(options.KeyPath, root),
            string.IsNullOrWhiteSpace(options.PasswordFile) ? null : Path.GetFullPath(options.PasswordFile, root));
        return Served.Create(loaded.Leaf, [.. loaded.Chain], loaded.Files, selfMade: false);
    }

    private void WarnIfExpiring(Served served)
    {
        var left = new DateTimeOffset(served.Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero) - time.GetUtcNow();
        if (left < SelfMadeCertificates.RenewBefore)
        {
            Log.TlsCertificateExpiring(logger, served.Files[0].Path, served.Leaf.NotAfter.ToUniversalTime());
        }
    }

    private string DataFolder() =>
        Path.GetFullPath(collector.Value.DataPath, environment.ContentRootPath);

    /// <summary>localhost, this machine's name, the loopback addresses and every specific address a listener is bound to.</summary>
    private List<string> DefaultNames()
    {
        var names = new List<string> { "localhost" };
        var host = Dns.GetHostName();
        if (TlsOptionsValidator.IsName(host))
        {
            names.Add(host);
        }

        names.Add(IPAddress.Loopback.ToString());
        names.Add(IPAddress.IPv6Loopback.ToString());
        foreach (var url in new[] { collector.Value.GrpcUrl, collector.Value.WebUrl })
        {
            if (ListenUrl.TryParse(url, out var listen, out _) && !listen.Address.Equals(IPAddress.Any) && !listen.Address.Equals(IPAddress.IPv6Any))
            {
                names.Add(listen.Address.ToString());
            }
        }

        return [.. names.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>What is being served: the certificate, the chain sent with it (built once, offline), and the files it came from.</summary>
    internal sealed record Served(X509Certificate2 Leaf, X509Certificate2[] Chain, SslStreamCertificateContext Context, IReadOnlyList<FileStamp> Files, bool SelfMade)
    {
        public string? Pin => Chain.Length > 0 ? CollectorPin.Of(Chain[^1]) : null;

        public static Served Create(X509Certificate2 leaf, X509Certificate2[] chain, IReadOnlyList<FileStamp> files, bool selfMade)
        {
            var collection = new X509Certificate2Collection(chain);
            return new Served(leaf, chain, SslStreamCertificateContext.Create(leaf, collection, offline: true), files, selfMade);
        }
    }
}
