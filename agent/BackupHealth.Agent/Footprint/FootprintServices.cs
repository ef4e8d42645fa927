using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Agent.Footprint;

internal static class FootprintServices
{
    /// <summary>Only the published NativeAOT agent on Linux: there the executable holds all the code and metadata.
    /// Run on the .NET runtime (tests, <c>dotnet run</c>) the executable is the small <c>dotnet</c> host, and most of
    /// the code is JIT-compiled into anonymous memory that cannot be given back this way.</summary>
    public static IServiceCollection AddMemoryTrim(this IServiceCollection services)
    {
        if (OperatingSystem.IsLinux() && !RuntimeFeature.IsDynamicCodeSupported && Environment.ProcessPath is { } path)
        {
            services.AddSingleton<IMemoryReleaser>(new LinuxMemoryReleaser(path));
            services.AddHostedService<MemoryTrim>();
        }

        return services;
    }
}
