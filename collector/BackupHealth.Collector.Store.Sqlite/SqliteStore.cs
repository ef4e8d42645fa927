using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store.Sqlite.Agents;
using BackupHealth.Collector.Store.Sqlite.Alerts;
using BackupHealth.Collector.Store.Sqlite.Api;
using BackupHealth.Collector.Store.Sqlite.Audit;
using BackupHealth.Collector.Store.Sqlite.Auth;
using BackupHealth.Collector.Store.Sqlite.Coverage;
using BackupHealth.Collector.Store.Sqlite.Dashboard;
using BackupHealth.Collector.Store.Sqlite.Enrolment;
using BackupHealth.Collector.Store.Sqlite.Expectations;
using BackupHealth.Collector.Store.Sqlite.Ingest;
using BackupHealth.Collector.Store.Sqlite.Notify;
using BackupHealth.Collector.Store.Sqlite.Schema;
using BackupHealth.Collector.Store.Sqlite.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Store.Sqlite;

/// <summary>The SQLite backend: one file, <c>backuphealth.db</c> in <c>Collector:DataPath</c>, one writer connection
/// with group commit, readers from a pool.</summary>
internal static class SqliteStore
{
    public const string Name = "sqlite";

    /// <summary>For the program's list of backends (<c>Collector:Store:Provider = sqlite</c>, the default).</summary>
    public static StoreBackend Backend { get; } = new(Name, (services, _) => services.AddSqliteStore());

    /// <summary>Registers the SQLite implementation of the store: the connection factory, the writer and the
    /// lifetime that migrates the schema before anything listens and stops the writer last.</summary>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services)
    {
        services.AddSingleton(sp => new SqliteConnectionFactory(DatabasePath(
            sp.GetRequiredService<IOptions<CollectorOptions>>().Value, sp.GetRequiredService<IHostEnvironment>())));
        services.AddSingleton(sp => new StoreWriter(
            sp.GetRequiredService<SqliteConnectionFactory>(), sp.GetRequiredService<ILogger<StoreWriter>>()));
        services.AddSingleton<IIngestStore, SqliteIngestStore>();
        services.AddSingleton<ICollectorReads, SqliteCollectorReads>();
        services.AddSingleton<IAuditStore, SqliteAuditStore>();
        services.AddSingleton<IExpectationStore, SqliteExpectationStore>();
        services.AddSingleton<IAgentTokenStore, SqliteAgentTokenStore>();
        services.AddSingleton<IEvaluationStore, SqliteEvaluationStore>();
        services.AddSingleton<INotificationQueue, SqliteNotificationQueue>();
        services.AddSingleton<IUserStore, SqliteUserStore>();
        services.AddSingleton<ISessionStore, SqliteSessionStore>();
        services.AddSingleton<IStoreStatus, SqliteStoreStatus>();
        services.AddSingleton<IGaugeStore, SqliteGaugeStore>();
        services.AddSingleton<IInstanceStore, SqliteInstanceStore>();
        services.AddSingleton<IStoreReadiness, SqliteStoreReadiness>();
        services.AddSingleton<IStoreErrors, SqliteStoreErrors>();
        services.AddSingleton<IAlertCommandStore, SqliteAlertCommandStore>();
        services.AddSingleton<IAlertReadStore, SqliteAlertReadStore>();
        services.AddSingleton<ICoverageStore, SqliteCoverageStore>();
        services.AddSingleton<IEnrolmentTokenStore, SqliteEnrolmentTokenStore>();
        services.AddSingleton<IAgentCertificateStore, SqliteAgentCertificateStore>();
        services.AddSingleton<IEnrolmentStore, SqliteEnrolmentStore>();
        services.AddSingleton<IDashboardReads, SqliteDashboardReads>();
        services.AddHostedService<StoreLifetime>();
        services.AddSingleton<StoreIntegrity>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreIntegrity>());
        return services;
    }

    private static string DatabasePath(CollectorOptions options, IHostEnvironment environment) =>
        Path.Combine(Path.GetFullPath(options.DataPath, environment.ContentRootPath), SqliteConnectionFactory.FileName);
}
