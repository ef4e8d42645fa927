using BackupHealth.Agent.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Agent.Footprint;

/// <summary>Keeps the idle agent small: <see cref="AgentOptions.TrimMemoryAfter"/> after start, and then every
/// <see cref="AgentOptions.TrimMemoryEvery"/>, hands back what it is not using (<see cref="IMemoryReleaser"/>). The
/// first trim drops what only start-up needed: a NativeAOT agent reads its whole compressed metadata (several MB) once
/// while it starts and runs configuration, dependency injection and host code it never runs again. The later ones
/// drop code pages touched since (a probe's rare paths, the previous trim's own) and the heap the GC no longer needs,
/// so that what stays resident is what one probe cycle uses. What the agent still uses comes back on its next touch,
/// from the page cache.</summary>
internal sealed class MemoryTrim(
    IMemoryReleaser releaser,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILogger<MemoryTrim> logger) : BackgroundService
{
    private DateTimeOffset _due;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Counted from start, not from whenever the host gets round to running ExecuteAsync.
        _due = time.GetUtcNow() + options.Value.TrimMemoryAfter;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.TrimMemoryAfter <= TimeSpan.Zero)
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

        // Created before the first release, so that the interval counts from it and no tick can be missed.
        var every = options.Value.TrimMemoryEvery;
        using var timer = every > TimeSpan.Zero ? new PeriodicTimer(every, time) : null;
        if (!Release(first: true) || timer is null)
        {
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!Release(first: false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>Returns false when releasing cannot work here (nothing to repeat). Only the first release logs at
    /// Information and warns about refused ranges; the repeats log at Debug.</summary>
    private bool Release(bool first)
    {
        ReleaseOutcome outcome;
        try
        {
            outcome = releaser.Release();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.MemoryNotTrimmed(logger, ex.Message);
            return false;
        }

        if (first)
        {
            Log.MemoryTrimmed(logger, outcome.ResidentBytes / (1024.0 * 1024.0), outcome.Ranges);
        }
        else
        {
            Log.MemoryTrimmedAgain(logger, outcome.ResidentBytes / (1024.0 * 1024.0), outcome.Ranges);
        }

        if (outcome.Failed > 0 && first)
        {
            Log.MemoryNotTrimmed(logger, $"{outcome.Failed} range(s) refused: {outcome.FirstError}");
        }

        return outcome.Ranges > 0 || outcome.Failed == 0;
    }
}
