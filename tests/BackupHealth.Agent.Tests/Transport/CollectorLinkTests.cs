using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Outbox;
using BackupHealth.Agent.Probes;
using BackupHealth.Agent.Tests.Support;
using BackupHealth.Agent.Transport;
using BackupHealth.Contracts;
using BackupHealth.Contracts.V1;
using BackupHealth.Testing;
using Grpc.Core;
using Microsoft.Extensions.Options;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Transport;

public sealed class CollectorLinkTests : IDisposable
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromHours(1);
    private readonly TempDirectory _temp = new("link");
    private readonly TestLogging _logging = new();
    private readonly TimerCountingTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly IIngestConnector _connector = Substitute.For<IIngestConnector>();
    private readonly List<FakeIngestStream> _opened = [];
    private readonly CollectorLink _link;

    public CollectorLinkTests()
    {
        var options = Options.Create(new AgentOptions
        {
            Id = "agent-1",
            CollectorUrl = "https://127.0.0.1:1",
            ReconnectMinDelay = Min,
            ReconnectMaxDelay = Max,
            HeartbeatInterval = Heartbeat,
        });
        var outbox = new ObservationOutbox(_temp.Combine("outbox"), 10, _time, _logging.For<ObservationOutbox>());
        _link = new CollectorLink(
            _connector, outbox, new ProbeHealthBoard(_time), new ProbeCatalog([]), options, _time, _logging.For<CollectorLink>(), new FixedRandom(1.0));
    }

    public void Dispose()
    {
        _link.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        _link.Dispose();
        _logging.Dispose();
        _temp.Dispose();
    }

    private int Opened
    {
        get
        {
            lock (_opened)
            {
                return _opened.Count;
            }
        }
    }

    /// <summary>Every stream the link opens behaves as <paramref name="collector"/> says, by attempt number (1-based).</summary>
    private void CollectorBehaves(Action<int, FakeIngestStream> collector)
    {
        _connector.Open(Arg.Any<CancellationToken>()).Returns(_ =>
        {
            var stream = new FakeIngestStream();
            int attempt;
            lock (_opened)
            {
                _opened.Add(stream);
                attempt = _opened.Count;
            }

            collector(attempt, stream);
            return stream;
        });
    }

    /// <summary>Asserts the link waits exactly <paramref name="delay"/> before attempt <paramref name="next"/>, once
    /// <paramref name="timers"/> reconnect delays exist (one per ended attempt). A welcomed session's heartbeat timer
    /// is not counted: whether it starts before the session ends is a race the test must not depend on.</summary>
    private async Task ExpectReconnectAfter(TimeSpan delay, int next, int timers)
    {
        await Poll.UntilAsync(() => _time.TimersCreatedExcept(Heartbeat) >= timers, $"the link waits before attempt {next}");
        _time.Advance(delay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(next - 1, Opened);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Poll.UntilAsync(() => Opened == next, $"attempt {next} after {delay}");
    }

    [Fact]
    public async Task Reconnect_delay_doubles_per_failure_and_is_capped()
    {
        CollectorBehaves((_, stream) => stream.Fail(new RpcException(new Status(StatusCode.Unavailable, "refused"))));

        await _link.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Opened == 1, "the first attempt");

        var attempt = 1;
        foreach (var seconds in new[] { 1, 2, 4, 5, 5 })
        {
            await ExpectReconnectAfter(TimeSpan.FromSeconds(seconds), attempt + 1, timers: attempt);
            attempt++;
        }

        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Backoff_starts_again_after_a_stream_that_got_welcome()
    {
        CollectorBehaves((attempt, stream) =>
        {
            if (attempt == 3)
            {
                stream.Welcome();
                stream.End();
            }
            else
            {
                stream.Fail(new RpcException(new Status(StatusCode.Unavailable, "refused")));
            }
        });

        await _link.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Opened == 1, "the first attempt");
        await ExpectReconnectAfter(TimeSpan.FromSeconds(1), 2, timers: 1);
        await ExpectReconnectAfter(TimeSpan.FromSeconds(2), 3, timers: 2);

        // Attempt 3 was welcomed, so attempt 4 waits the minimum again instead of 4 s.
        await ExpectReconnectAfter(TimeSpan.FromSeconds(1), 4, timers: 3);
    }

    [Fact]
    public async Task A_welcomed_stream_ended_over_quota_waits_the_retry_after_the_collector_asked_for()
    {
        CollectorBehaves((attempt, stream) =>
        {
            stream.Welcome();
            stream.Fail(new RpcException(
                new Status(StatusCode.ResourceExhausted, "agent 'agent-1' may send 10000 observations per minute"),
                new Metadata { { IngestTrailers.RetryAfter, attempt == 1 ? "42" : "garbage" } }));
        });

        await _link.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Opened == 1, "the first attempt");

        // Welcomed, so the backoff alone would wait the 1 s minimum; the collector asked for 42 s.
        await ExpectReconnectAfter(TimeSpan.FromSeconds(42), 2, timers: 1);

        // A trailer that is not a number of seconds is ignored: back to the backoff.
        await ExpectReconnectAfter(Min, 3, timers: 2);
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Refused_token_is_logged_as_a_token_problem_and_retried_at_the_maximum_delay()
    {
        CollectorBehaves((_, stream) => stream.Fail(new RpcException(new Status(StatusCode.Unauthenticated, "unknown agent token"))));
        _logging.Errors.Expected.Add((_, message) => message.Contains("Agent:Token", StringComparison.Ordinal));

        await _link.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Opened == 1, "the first attempt");
        await ExpectReconnectAfter(Max, 2, timers: 1);
        await ExpectReconnectAfter(Max, 3, timers: 2);

        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Refused_certificate_says_to_enrol_again_and_is_retried_at_the_maximum_delay()
    {
        _connector.UsesCertificate.Returns(true);
        CollectorBehaves((_, stream) => stream.Fail(new RpcException(new Status(StatusCode.Unauthenticated, "certificate revoked"))));
        _logging.Errors.Expected.Add((_, message) => message.Contains("refused this agent's certificate (Unauthenticated: certificate revoked)", StringComparison.Ordinal)
            && message.Contains("backuphealth-agent enroll --token-file FILE", StringComparison.Ordinal));

        await _link.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Opened == 1, "the first attempt");
        await ExpectReconnectAfter(Max, 2, timers: 1);

        Assert.NotEmpty(_logging.Errors.ExpectedLogged);
        _logging.Errors.AssertNone();
    }

    [Fact]
    public async Task Hello_names_the_agent_and_its_probes()
    {
        CollectorBehaves((_, _) => { });

        await _link.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Opened == 1, "the first attempt");
        var hello = (await _opened[0].NextSentAsync()).Hello;

        Assert.Equal("agent-1", hello.AgentId);
        Assert.False(string.IsNullOrEmpty(hello.AgentVersion));
        Assert.False(string.IsNullOrEmpty(hello.OsDescription));
        Assert.Equal(_time.GetUtcNow(), hello.AgentTime.ToDateTimeOffset());
    }
}
