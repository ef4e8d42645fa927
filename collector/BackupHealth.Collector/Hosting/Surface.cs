namespace BackupHealth.Collector.Hosting;

/// <summary>The two listeners of the collector. Every mapped endpoint carries one as metadata, and a request is
/// served only on the listener its endpoint belongs to.</summary>
internal enum Surface
{
    Grpc,
    Web,
}
