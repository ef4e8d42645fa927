using System.Diagnostics;
using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Telemetry;

/// <summary>What ingest reports of each batch: a span from arrival to commit (the moment it can be acknowledged),
/// the observations received, the runs stored by status and the commit latency.</summary>
internal sealed class IngestTelemetry(CollectorMetrics metrics, TimeProvider time)
{
    public const string BatchSpanName = "ingest batch";

    /// <summary>Starts the batch's span (a root span: the stream it arrived on lives for days, far too long to be a
    /// trace) and counts its observations. Activity.Current is left as it was, so batches do not nest.</summary>
    public BatchScope BeginBatch(AgentTags agent, ulong sequence, int observations)
    {
        ArgumentNullException.ThrowIfNull(agent);
        metrics.BatchReceived(agent, observations);
        var current = Activity.Current;
        Activity.Current = null;
        var activity = CollectorTelemetry.Source.StartActivity(BatchSpanName, ActivityKind.Consumer);
        Activity.Current = current;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(SpanAttributes.Customer, agent.CustomerName);
            activity.SetTag(SpanAttributes.Site, agent.SiteName);
            activity.SetTag(SpanAttributes.Agent, agent.AgentKey);
            activity.SetTag(SpanAttributes.BatchSequence, (long)sequence);
            activity.SetTag(SpanAttributes.BatchObservations, observations);
        }

        return new BatchScope(agent, activity, time.GetTimestamp());
    }

    /// <summary>Ends the span when <paramref name="commit"/> does and records the outcome; the returned task is the
    /// commit's.</summary>
    public async Task<InsertedRuns> TrackAsync(BatchScope scope, Task<InsertedRuns> commit)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(commit);
        try
        {
            var inserted = await commit.ConfigureAwait(false);
            metrics.BatchCommitted(scope.Agent, inserted, time.GetElapsedTime(scope.Started));
            scope.Activity?.SetTag(SpanAttributes.BatchStored, inserted.Total);
            return inserted;
        }
        catch (Exception ex)
        {
            Fail(scope, ex);
            throw;
        }
        finally
        {
            scope.Activity?.Dispose();
        }
    }

    /// <summary>Ends the span of a batch that never reached the store.</summary>
    public static void Abandon(BatchScope scope, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Fail(scope, exception);
        scope.Activity?.Dispose();
    }

    private static void Fail(BatchScope scope, Exception exception) =>
        scope.Activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name)
            .SetTag("error.type", exception.GetType().FullName);
}

/// <summary>One batch between its arrival and its commit.</summary>
internal sealed record BatchScope(AgentTags Agent, Activity? Activity, long Started);
