using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts.V1;
using BackupHealth.Retry;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Enrolment;

/// <summary>Keeps an enrolled agent's certificate valid: once two thirds of its lifetime have passed, a new key and
/// signing request go to <c>Enrolment.Renew</c> over the agent's channel (authenticated by the current certificate);
/// the new pair replaces the old on disk and the agent reconnects with it. Failures are retried with backoff for as
/// long as the agent runs — after expiry too, since the collector renews within a grace period; once it refuses, an
/// error says to enrol again. Does nothing for an agent without a certificate (token authentication).</summary>
internal sealed class CertificateRenewal : BackgroundService
{
    public static readonly TimeSpan RetryMinDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromHours(1);

    /// <summary>Longest single timer: a wait of weeks is taken in steps, so a clock change is noticed.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly AgentIdentity _identity;
    private readonly CollectorConnection _connection;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CertificateRenewal> _logger;
    private readonly Backoff _backoff;

    public CertificateRenewal(AgentIdentity identity, CollectorConnection connection, TimeProvider timeProvider, ILogger<CertificateRenewal> logger)
        : this(identity, connection, timeProvider, logger, Random.Shared)
    {
    }

    internal CertificateRenewal(
        AgentIdentity identity, CollectorConnection connection, TimeProvider timeProvider, ILogger<CertificateRenewal> logger, Random random)
    {
        _identity = identity;
        _connection = connection;
        _timeProvider = timeProvider;
        _logger = logger;
        _backoff = new Backoff(RetryMinDelay, RetryMaxDelay, BackoffJitter.Full, random);
    }

    /// <summary>When a certificate is renewed: two thirds into its lifetime.</summary>
    public static DateTimeOffset RenewAt(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        return notBefore + ((notAfter - notBefore) * 2 / 3);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_identity.Exists)
        {
            return;
        }

        var announced = false;
        var renewed = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (subject, renewAt, notAfter) = Dates();
                if (!announced)
                {
                    Log.UsingCertificate(_logger, subject, notAfter, renewAt);
                    announced = true;
                }

                var wait = renewAt - _timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, _timeProvider, stoppingToken);
                    continue;
                }

                if (renewed)
                {
                    // A certificate due as soon as it arrives (a clock far off, a very short lifetime): no renewal loop.
                    var delay = _backoff.Next();
                    Log.RenewedAlreadyDue(_logger, renewAt, delay);
                    renewed = false;
                    await Task.Delay(delay, _timeProvider, stoppingToken);
                    continue;
                }

                var retry = await RenewAsync(notAfter, stoppingToken);
                renewed = retry is null;
                if (retry is { } delayAfterFailure)
                {
                    await Task.Delay(delayAfterFailure, _timeProvider, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private (string Subject, DateTimeOffset RenewAt, DateTimeOffset NotAfter) Dates()
    {
        using var certificate = _identity.LoadCertificate();
        return (certificate.Subject, RenewAt(certificate), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }

    /// <summary>Null when renewed, else how long to wait before the next try.</summary>
    private async Task<TimeSpan?> RenewAsync(DateTimeOffset notAfter, CancellationToken stoppingToken)
    {
        Log.Renewing(_logger, notAfter);
        try
        {
            using var key = AgentKey.Create();
            X500DistinguishedName subject;
            using (var current = _identity.LoadCertificate())
            {
                subject = current.SubjectName;
            }

            var link = _connection.Current();
            var request = new RenewRequest { Csr = ByteString.CopyFrom(AgentKey.SigningRequest(key, subject)) };
            var issued = await new Contracts.V1.Enrolment.EnrolmentClient(link.Channel).RenewAsync(request, link.Headers, cancellationToken: stoppingToken);
            _identity.Store(key, issued.Certificate.ToByteArray());
            _connection.IdentityChanged();
            using var renewed = _identity.LoadCertificate();
            Log.Renewed(_logger, new DateTimeOffset(renewed.NotAfter.ToUniversalTime()));
            return null;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
        {
            var delay = _backoff.Next();
            if (_timeProvider.GetUtcNow() >= notAfter)
            {
                Log.CertificateExpired(_logger, notAfter, delay);
            }
            else
            {
                Log.RenewalRefused(_logger, notAfter, EnrolmentFailure.Detail(ex), delay);
            }

            return delay;
        }
        catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
        {
            return Failed(notAfter, $"{ex.StatusCode}: {EnrolmentFailure.Detail(ex)}");
        }
        catch (Exception ex) when (ex is EnrolmentException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            return Failed(notAfter, ex.Message);
        }
    }

    private TimeSpan Failed(DateTimeOffset notAfter, string reason)
    {
        var delay = _backoff.Next();
        Log.RenewalFailed(_logger, notAfter, reason, delay);
        return delay;
    }
}
