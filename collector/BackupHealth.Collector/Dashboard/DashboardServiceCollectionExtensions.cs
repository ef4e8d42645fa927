using BackupHealth.Collector.Dashboard.Grid;
using BackupHealth.Collector.Dashboard.Health;
using BackupHealth.Collector.Dashboard.History;
using BackupHealth.Collector.Dashboard.Jobs;
using BackupHealth.Collector.Dashboard.Overview;
using BackupHealth.Collector.Dashboard.Problems;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Dashboard;

internal static class DashboardServiceCollectionExtensions
{
    /// <summary>Registers the dashboard's read models: <c>Collector:Dashboard</c> options (validated at start), the
    /// job history cache, the job assessor (job health for the dashboard and the API) and the overview, status grid,
    /// all-sites problems and job page queries. Needs the store, the expectation resolver and the agent_silent options
    /// (AddAlertRules).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName));
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();
        services.AddSingleton<JobHistoryCache>();
        services.AddSingleton<JobAssessor>();
        services.AddSingleton<OverviewQuery>();
        services.AddSingleton<StatusGridQuery>();
        services.AddSingleton<ProblemGridQuery>();
        services.AddSingleton<JobPageQuery>();
        services.AddHostedService<JobHistoryWarmup>();
        return services;
    }
}
