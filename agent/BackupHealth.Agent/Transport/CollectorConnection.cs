using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Enrolment;
using BackupHealth.Agent.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Transport;

/// <summary>The agent's one channel to its collector, shared by the ingest stream and certificate renewal. An
/// enrolled agent presents its certificate (<see cref="AgentIdentity"/>) and sends no token; otherwise it sends
/// <c>authorization: Bearer &lt;Agent:Token&gt;</c>. A renewed certificate cannot be swapped into a live
/// <see cref="SocketsHttpHandler"/> (it keeps its TLS connections), so <see cref="IdentityChanged"/> retires the channel:
/// calls on it are cancelled and the next <see cref="Current"/> builds a new one with the new certificate.</summary>
internal sealed class CollectorConnection : IDisposable
{
    private readonly AgentOptions _options;
    private readonly AgentIdentity _identity;
    private readonly Lock _gate = new();
    private readonly List<Link> _retired = [];
    private Link? _current;

    public CollectorConnection(IOptions<AgentOptions> options, AgentIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _identity = identity;
    }

    /// <summary>Whether calls authenticate with the agent's certificate (it is enrolled) rather than the token.</summary>
    public bool UsesCertificate => _identity.Exists;

    /// <summary>The channel to call on now, building it if needed.</summary>
    /// <exception cref="CryptographicException">The CA file or the agent's key or certificate cannot be read.</exception>
    public Link Current()
    {
        lock (_gate)
        {
            if (_current is not null)
            {
                return _current;
            }

            // Calls on retired channels were cancelled when they were retired and have ended by the time a new one is asked for.
            foreach (var retired in _retired)
            {
                retired.Dispose();
            }

            _retired.Clear();
            var trust = string.IsNullOrEmpty(_options.CollectorCaFile) ? CollectorTrust.System : CollectorTrust.FromFile(_options.CollectorCaFile);
            var certificate = _identity.Exists ? _identity.LoadWithKey() : null;
            var headers = certificate is null ? new Metadata { { "authorization", $"Bearer {_options.Token}" } } : [];
            _current = new Link(CollectorChannel.Create(_options.CollectorUrl, trust, certificate, proxy: CollectorProxy.From(_options)), headers, certificate);
            return _current;
        }
    }

    /// <summary>The agent's key and certificate were replaced: ends calls on the current channel so that the agent
    /// reconnects with the new certificate.</summary>
    public void IdentityChanged()
    {
        Link? retired;
        lock (_gate)
        {
            retired = _current;
            _current = null;
            if (retired is not null)
            {
                _retired.Add(retired);
            }
        }

        retired?.Retire();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current?.Dispose();
            foreach (var retired in _retired)
            {
                retired.Dispose();
            }
        }
    }

    /// <summary>One channel and how calls on it authenticate.</summary>
    internal sealed class Link(GrpcChannel channel, Metadata headers, X509Certificate2? certificate) : IDisposable
    {
        private readonly CancellationTokenSource _retired = new();

        public GrpcChannel Channel => channel;

        /// <summary>Request headers for every call: the bearer token, or nothing when the certificate authenticates.</summary>
        public Metadata Headers => headers;

        /// <summary>Cancelled when a new certificate replaces this channel.</summary>
        public CancellationToken Retired => _retired.Token;

        public void Retire() => _retired.Cancel();

        public void Dispose()
        {
            channel.Dispose();
            certificate?.Dispose();
            _retired.Dispose();
        }
    }
}
