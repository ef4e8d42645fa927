using BackupHealth.Agent.Footprint;
using BackupHealth.Agent.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Footprint;

public sealed class MemoryTrimTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
    private readonly IMemoryReleaser _releaser = Substitute.For<IMemoryReleaser>();
    private readonly SemaphoreSlim _released = new(0);

    [Fact]
    public async Task Releases_after_the_configured_time_then_again_at_every_interval()
    {
        ReleasesWith(new ReleaseOutcome(4, 12 << 20, 0, null));
        using var service = Service(TimeSpan.FromMinutes(1), every: TimeSpan.FromMinutes(10));
        await service.StartAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(_releaser.ReceivedCalls());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await _released.WaitAsync(TimeSpan.FromSeconds(30)));

        // The interval counts from the first release.
        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Single(_releaser.ReceivedCalls());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await _released.WaitAsync(TimeSpan.FromSeconds(30)));
        _time.Advance(TimeSpan.FromMinutes(10));
        Assert.True(await _released.WaitAsync(TimeSpan.FromSeconds(30)));

        await service.StopAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        _releaser.Received(3).Release();
    }

    [Fact]
    public async Task When_every_range_is_refused_it_does_not_try_again()
    {
        ReleasesWith(new ReleaseOutcome(0, 0, 3, "Operation not permitted"));
        using var service = Service(TimeSpan.FromSeconds(5), every: TimeSpan.FromMinutes(1));
        await service.StartAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromDays(1));

        _releaser.Received(1).Release();
    }

    [Fact]
    public async Task With_no_interval_it_releases_once_and_never_again()
    {
        ReleasesWith(new ReleaseOutcome(2, 12 << 20, 0, null));
        using var service = Service(TimeSpan.FromMinutes(1), every: TimeSpan.Zero);
        await service.StartAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(_releaser.ReceivedCalls());

        _time.Advance(TimeSpan.FromSeconds(1));
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        _releaser.Received(1).Release();

        _time.Advance(TimeSpan.FromDays(2));
        _releaser.Received(1).Release();
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Zero_turns_it_off()
    {
        using var service = Service(TimeSpan.Zero);
        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        _time.Advance(TimeSpan.FromDays(2));
        _releaser.DidNotReceive().Release();
    }

    [Fact]
    public async Task Stopping_before_the_time_releases_nothing()
    {
        using var service = Service(TimeSpan.FromMinutes(1));
        await service.StartAsync(CancellationToken.None);
        await service.StopAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(5));
        _releaser.DidNotReceive().Release();
    }

    [Fact]
    public async Task An_unreadable_memory_map_is_a_warning_not_a_crash()
    {
        _releaser.Release().Returns(_ => throw new UnauthorizedAccessException("no /proc here"));
        using var service = Service(TimeSpan.FromSeconds(5));
        await service.StartAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(service.ExecuteTask.IsCompletedSuccessfully);
    }

    private void ReleasesWith(ReleaseOutcome outcome) => _releaser.Release().Returns(_ =>
    {
        _released.Release();
        return outcome;
    });

    private MemoryTrim Service(TimeSpan after, TimeSpan? every = null) => new(
        _releaser,
        Options.Create(new AgentOptions { TrimMemoryAfter = after, TrimMemoryEvery = every ?? TimeSpan.FromMinutes(1) }),
        _time,
        NullLogger<MemoryTrim>.Instance);
}
