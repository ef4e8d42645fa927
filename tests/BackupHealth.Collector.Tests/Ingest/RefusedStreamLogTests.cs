using BackupHealth.Collector.Ingest;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BackupHealth.Collector.Tests.Ingest;

public sealed class RefusedStreamLogTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<RefusedStreamLog> _logger = new();
    private readonly RefusedStreamLog _log;

    public RefusedStreamLogTests() => _log = new RefusedStreamLog(_time, _logger);

    public void Dispose() => _log.Dispose();

    private List<string> Lines => [.. _logger.Collector.GetSnapshot().Select(r => r.Message)];

    [Fact]
    public void The_first_refusal_is_logged_at_once_the_rest_of_the_minute_as_one_count_after_it()
    {
        _log.Refused("192.0.2.7", "unknown token");
        _time.Advance(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 41; i++)
        {
            _log.Refused("192.0.2.7", i < 40 ? "unknown token" : "revoked token");
        }

        Assert.Equal(["Refused an ingest stream from 192.0.2.7: unknown token"], Lines);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(2, Lines.Count);
        Assert.Equal("Refused 41 more ingest streams from 192.0.2.7 within about 00:01:00 (refusals are logged once a minute per address); the last: revoked token", Lines[1]);
    }

    [Fact]
    public void An_address_quiet_for_a_minute_is_logged_at_once_again_and_others_never_wait()
    {
        _log.Refused("192.0.2.7", "unknown token");
        _log.Refused("198.51.100.0/64", "unknown token");
        _time.Advance(TimeSpan.FromMinutes(2));

        _log.Refused("192.0.2.7", "unknown token");

        Assert.Equal(3, Lines.Count);
        Assert.All(Lines, line => Assert.StartsWith("Refused an ingest stream from ", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Addresses_beyond_the_tracked_ones_are_counted_together()
    {
        for (var i = 0; i < RefusedStreamLog.MaxAddresses + 5; i++)
        {
            _log.Refused($"10.{i / 65536}.{i / 256 % 256}.{i % 256}", "unknown token");
        }

        _time.Advance(RefusedStreamLog.Interval);

        Assert.Equal(RefusedStreamLog.MaxAddresses + 1, Lines.Count);
        Assert.Equal($"Refused 5 more ingest streams within about a minute from addresses beyond the {RefusedStreamLog.MaxAddresses} that are logged one by one", Lines[^1]);
    }

    [Fact]
    public void A_reason_cannot_start_a_line_of_its_own()
    {
        _log.Refused("192.0.2.7", "hello: agent_id 'x\nRefused nothing' is not the agent this certificate names");

        Assert.Equal("Refused an ingest stream from 192.0.2.7: hello: agent_id 'x?Refused nothing' is not the agent this certificate names", Assert.Single(Lines));
    }
}
