using BackupHealth.Agent.Probes;
using NSubstitute;

namespace BackupHealth.Agent.Tests.Probes;

public sealed class ProbeCatalogTests
{
    [Fact]
    public async Task Disposing_the_catalog_disposes_each_probe_that_holds_something()
    {
        var plain = Substitute.For<IProbe>();
        var disposable = Substitute.For<IProbe, IDisposable>();
        var asyncDisposable = Substitute.For<IProbe, IAsyncDisposable>();
        var catalog = new ProbeCatalog([.. new[] { plain, disposable, asyncDisposable }.Select(p => new ProbeEntry(p, new ProbeOptions()))]);

        await catalog.DisposeAsync();

        ((IDisposable)disposable).Received(1).Dispose();
        await ((IAsyncDisposable)asyncDisposable).Received(1).DisposeAsync();
    }
}
