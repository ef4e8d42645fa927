using BackupHealth.Collector.Store;

namespace BackupHealth.Collector.Tests.StoreContract;

/// <summary>One fresh, migrated store of a backend, with the sites Contoso Ltd / Head office and Fabrikam / Branch, as
/// the store contract tests need it. A backend runs the contract by implementing <see cref="IStoreBackendFixture"/>
/// and deriving each contract class once with it.</summary>
internal sealed record StoreUnderTest(IEvaluationStore Evaluation, INotificationQueue Notifications, long ContosoSiteId, long FabrikamSiteId,
    IAsyncDisposable Lifetime) : IAsyncDisposable
{
    /// <summary>The ingest writer, announcing on <see cref="Changes"/>.</summary>
    public IIngestStore Ingest { get; init; } = null!;

    public ChangeFeed Changes { get; init; } = null!;

    public IAlertCommandStore AlertCommands { get; init; } = null!;

    public IAlertReadStore AlertReads { get; init; } = null!;

    public ICoverageStore Coverage { get; init; } = null!;

    public IDashboardReads DashboardReads { get; init; } = null!;

    /// <summary>Puts jobs and inventories into the store for the contracts that need them.</summary>
    public IContractSeed Seed { get; init; } = null!;

    /// <summary>Enrolment tokens, agent certificates and the enrolment's unit of work.</summary>
    public EnrolmentStores Enrolment { get; init; } = null!;

    public ValueTask DisposeAsync() => Lifetime.DisposeAsync();
}

/// <summary>The stores of the enrolment room, as <see cref="StoreUnderTest.Enrolment"/>.</summary>
internal sealed record EnrolmentStores(IEnrolmentTokenStore Tokens, IAgentCertificateStore Certificates, IEnrolmentStore Enrolments);

/// <summary>Makes <see cref="StoreUnderTest"/>s of one backend.</summary>
public interface IStoreBackendFixture
{
    /// <summary>A new, empty store (its own file or database) with the two sites.</summary>
    internal Task<StoreUnderTest> CreateAsync();
}
