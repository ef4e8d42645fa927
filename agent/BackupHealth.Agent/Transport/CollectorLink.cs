using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Retry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Transport;

/// <summary>Keeps one stream to the collector open for the life of the agent: connect, run a session until it ends,
/// wait as <see cref="StreamErrorPolicy"/> says, and connect again.</summary>
internal sealed class CollectorLink : BackgroundService
{
    private readonly IIngestConnector _connector;
    private readonly ObservationOutbox _outbox;
    private readonly ProbeHealthBoard _health;
    private readonly ProbeCatalog _catalog;
    private readonly AgentOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CollectorLink> _logger;
    private readonly Random _random;

    public CollectorLink(
        IIngestConnector connector,
        ObservationOutbox outbox,
        ProbeHealthBoard health,
        ProbeCatalog catalog,
        IOptions<AgentOptions> options,
        TimeProvider timeProvider,
        ILogger<CollectorLink> logger)
        : this(connector, outbox, health, catalog, options, timeProvider, logger, Random.Shared)
    {
    }

    internal CollectorLink(
        IIngestConnector connector,
        ObservationOutbox outbox,
        ProbeHealthBoard health,
        ProbeCatalog catalog,
        IOptions<AgentOptions> options,
        TimeProvider timeProvider,
        ILogger<CollectorLink> logger,
        Random random)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connector = connector;
        _outbox = outbox;
        _health = health;
        _catalog = catalog;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = random;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay, BackoffJitter.Full, _random);
        while (!stoppingToken.IsCancellationRequested)
        {
            Log.Connecting(_logger, _options.CollectorUrl);
            var outcome = await ConnectOnceAsync(stoppingToken);
            if (outcome.Error is not { } error)
            {
                return;
            }

            if (outcome.Welcomed)
            {
                backoff.Reset();
            }

            var delay = DelayAfter(error, outcome.Welcomed, backoff);
            try
            {
                await Task.Delay(delay, _timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<SessionOutcome> ConnectOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var stream = _connector.Open(stoppingToken);
            var hello = AgentHello.Create(_options, _catalog, _timeProvider.GetUtcNow());
            using var session = new IngestSession(stream, _outbox, _health, _options, hello, _timeProvider, _logger);
            return await session.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new SessionOutcome(false, null);
        }
#pragma warning disable CA1031 // Failing to even open a call is one more reason to retry, never to stop the agent.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new SessionOutcome(false, StreamErrorPolicy.Classify(ex));
        }
    }

    private TimeSpan DelayAfter(StreamError error, bool welcomed, Backoff backoff)
    {
        switch (error.Kind)
        {
            case StreamErrorKind.Unauthorized:
                // Only a person can fix a token or enrol again; retry slowly so the agent reconnects once they have.
                if (_connector.UsesCertificate)
                {
                    Log.CertificateRefused(_logger, _options.CollectorUrl, error.Reason, _options.ReconnectMaxDelay);
                }
                else
                {
                    Log.TokenRefused(_logger, _options.CollectorUrl, error.Reason, _options.ReconnectMaxDelay);
                }

                return _options.ReconnectMaxDelay;
            default:
                // A collector that asks for a pause (its quota of this agent used up) gets at least that: coming back
                // sooner would only be refused again.
                var delay = backoff.Next();
                if (error.RetryAfter is { } asked && asked > delay)
                {
                    delay = asked;
                }

                if (welcomed)
                {
                    Log.Disconnected(_logger, _options.CollectorUrl, error.Reason, delay);
                }
                else
                {
                    Log.ConnectFailed(_logger, _options.CollectorUrl, error.Reason, delay);
                }

                return delay;
        }
    }
}
