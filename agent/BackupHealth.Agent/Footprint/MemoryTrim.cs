using BackupHealth.Agent.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Footprint;

/// <summary>Once, <see cref="AgentOptions.ReleaseStartupPagesAfter"/> after start, gives back the executable's pages
/// that only start-up needed. A NativeAOT agent reads its whole compressed metadata (several MB) once while it starts
/// and runs configuration, dependency injection and host code it never runs again; without this they stay resident
/// for the life of the service. What the agent still uses comes back on its next touch, from the page cache.</summary>
internal sealed class StartupPageRelease(
    IStartupPageReleaser releaser,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<StartupPageRelease> logger) : BackgroundService
{
    private DateTimeOffset _due;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Counted from start, not from whenever the host gets round to running ExecuteAsync.
        _due = time.GetUtcNow() + options.Value.ReleaseStartupPagesAfter;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ReleaseStartupPagesAfter <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            var wait = _due - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        ReleaseOutcome outcome;
        try
        {
            outcome = releaser.Release();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StartupPagesNotReleased(logger, ex.Message);
            return;
        }

        Log.StartupPagesReleased(logger, outcome.ResidentBytes / (1024.0 * 1024.0), outcome.Ranges);
        if (outcome.Failed > 0)
        {
            Log.StartupPagesNotReleased(logger, $"{outcome.Failed} range(s) refused: {outcome.FirstError}");
        }
    }
}
