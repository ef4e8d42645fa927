using BackupHealth.Collector.Ingest;
using BackupHealth.Contracts.V1;
using Grpc.Core;

namespace BackupHealth.Collector.Tests.Ingest;

/// <summary>The ack writer alone, with commits the test finishes by hand. Everything here runs on the test's thread:
/// the batches are handed over and the channel completed before <see cref="AckPipeline.RunAsync"/> starts, and the
/// commits' continuations run inline, so "no ack yet" is a fact at the moment it is asserted, not a wait.</summary>
public sealed class AckPipelineTests : IDisposable
{
    private readonly AckPipeline _acks = new(IngestService.MaxBatchesInFlight);
    private readonly RecordingWriter _stream = new();
    private readonly CancellationTokenSource _streamCancellation = new();

    public void Dispose() => _streamCancellation.Dispose();

    [Fact]
    public async Task A_batch_is_acknowledged_only_after_its_commit_finishes()
    {
        var commit = new TaskCompletionSource();
        await _acks.EnqueueAsync(1, commit.Task, CancellationToken.None);
        _acks.Complete();

        var run = _acks.RunAsync(_stream, _streamCancellation);

        Assert.Empty(_stream.Acks);
        commit.SetResult();
        await run;
        Assert.Equal([1UL], _stream.Acks);
    }

    [Fact]
    public async Task A_committed_batch_behind_an_uncommitted_one_waits_for_it()
    {
        var second = new TaskCompletionSource();
        await _acks.EnqueueAsync(1, Task.CompletedTask, CancellationToken.None);
        await _acks.EnqueueAsync(2, second.Task, CancellationToken.None);
        await _acks.EnqueueAsync(3, Task.CompletedTask, CancellationToken.None);
        _acks.Complete();

        var run = _acks.RunAsync(_stream, _streamCancellation);

        Assert.Equal([1UL], _stream.Acks);
        second.SetResult();
        await run;
        Assert.Equal([1UL, 3UL], _stream.Acks); // 3 covers 2
    }

    [Fact]
    public async Task A_failed_commit_is_never_acknowledged_and_stops_the_stream()
    {
        var commit = new TaskCompletionSource();
        await _acks.EnqueueAsync(1, commit.Task, CancellationToken.None);
        await _acks.EnqueueAsync(2, Task.CompletedTask, CancellationToken.None);
        _acks.Complete();
        var run = _acks.RunAsync(_stream, _streamCancellation);

        commit.SetException(new InvalidOperationException("disk full"));
        await run;

        Assert.Empty(_stream.Acks);
        Assert.Equal("disk full", _acks.Failure?.Message);
        Assert.True(_streamCancellation.IsCancellationRequested);
    }

    private sealed class RecordingWriter : IAsyncStreamWriter<CollectorMessage>
    {
        public List<ulong> Acks { get; } = [];

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(CollectorMessage message)
        {
            Acks.Add(message.Ack.Sequence);
            return Task.CompletedTask;
        }

        public Task WriteAsync(CollectorMessage message, CancellationToken cancellationToken) => WriteAsync(message);
    }
}
