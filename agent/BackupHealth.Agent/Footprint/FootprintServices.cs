using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Agent.Footprint;

internal static class FootprintServices
{
    /// <summary>Only the published NativeAOT agent on Linux: there the executable holds all the code and metadata.
    /// Run on the .NET runtime (tests, <c>dotnet run</c>) the executable is the small <c>dotnet</c> host.</summary>
    public static IServiceCollection AddStartupPageRelease(this IServiceCollection services)
    {
        if (OperatingSystem.IsLinux() && !RuntimeFeature.IsDynamicCodeSupported && Environment.ProcessPath is { } path)
        {
            services.AddSingleton<IStartupPageReleaser>(new LinuxStartupPageReleaser(path));
            services.AddHostedService<StartupPageRelease>();
        }

        return services;
    }
}
