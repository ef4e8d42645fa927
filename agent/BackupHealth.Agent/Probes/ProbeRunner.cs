using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Probes;

/// <summary>Runs a probe so that nothing it does can stop the agent: whatever it throws becomes a probe error that is
/// reported, because the witness must not go quiet.</summary>
internal static class ProbeRunner
{
    public static async Task<ProbeResult> RunSafelyAsync(IProbe probe, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await probe.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A probe is third-party-facing code reading arbitrary sources; any failure is reported, not fatal.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ProbeThrew(logger, probe.Name, ex);
            return ProbeResult.Error($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
