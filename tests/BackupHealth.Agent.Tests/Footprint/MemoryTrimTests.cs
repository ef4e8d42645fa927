using BackupHealth.Agent.Footprint;
using BackupHealth.Agent.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Footprint;

public sealed class StartupPageReleaseTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 8, 0, 0, TimeSpan.Zero));
    private readonly IStartupPageReleaser _releaser = Substitute.For<IStartupPageReleaser>();

    [Fact]
    public async Task Releases_once_after_the_configured_time_and_never_again()
    {
        _releaser.Release().Returns(new ReleaseOutcome(2, 12 << 20, 0, null));
        using var service = Service(TimeSpan.FromMinutes(1));
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

    private StartupPageRelease Service(TimeSpan after) => new(
        _releaser,
        Options.Create(new AgentOptions { ReleaseStartupPagesAfter = after }),
        _time,
        NullLogger<StartupPageRelease>.Instance);
}
