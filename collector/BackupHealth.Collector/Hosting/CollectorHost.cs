using BackupHealth.Collector.Agents;
using BackupHealth.Collector.Alerts;
using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Api;
using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Dashboard;
using BackupHealth.Collector.Enrolment;
using BackupHealth.Collector.Ingest;
using BackupHealth.Collector.Limits;
using BackupHealth.Collector.Model;
using BackupHealth.Collector.Notify;
using BackupHealth.Collector.Rules;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Telemetry;
using BackupHealth.Collector.Tls;
using BackupHealth.Collector.Web;
using BackupHealth.Collector.Web.Assets;
using BackupHealth.Collector.Web.Auth;
using BackupHealth.Collector.Web.Live;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.WindowsServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Hosting;

/// <summary>Builds the collector. Program runs it; tests and benchmarks start it in-process:
/// <code>
/// var builder = CollectorHost.CreateBuilder([]);
/// builder.Configuration.AddInMemoryCollection(settings);          // e.g. Collector:GrpcUrl = http://127.0.0.1:0
/// builder.Services.AddSingleton&lt;TimeProvider&gt;(fakeTime);    // optional
/// await using var app = CollectorHost.Build(builder, ShippedStores.All);
/// await app.StartAsync();
/// var endpoints = app.Services.GetRequiredService&lt;CollectorEndpoints&gt;();  // the bound ports
/// </code></summary>
internal static class CollectorHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // A Windows service starts in System32: look for settings beside the program instead.
            ContentRootPath = WindowsServiceHelpers.IsWindowsService() ? AppContext.BaseDirectory : null,
        });
        CollectorConfigFile.Add(builder.Configuration);

        // Each is a no-op unless the process was started by systemd (READY notification, journal log format) or the
        // Windows service manager.
        builder.Services.AddSystemd();
        builder.Services.AddWindowsService(service => service.ServiceName = CollectorService.WindowsName);
        return builder;
    }

    /// <summary>Adds the collector's services (keeping any TimeProvider already registered) and maps its
    /// endpoints. Nothing touches the disk or the network until the app starts.</summary>
    /// <param name="stores">The store backends the program ships; <c>Collector:Store:Provider</c> chooses one.</param>
    /// <param name="replace">Runs after the collector's own registrations, so a test can swap one of them (e.g. the
    /// set of alert rules) for its own.</param>
    public static WebApplication Build(WebApplicationBuilder builder, IReadOnlyList<StoreBackend> stores, Action<IServiceCollection>? replace = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddCollector(builder.Services, builder.Configuration, stores);
        replace?.Invoke(builder.Services);
        var app = builder.Build();
        // First, so the limits, the audit log and the cookies see the client's address and scheme (only from the
        // proxies in Collector:Web:TrustedProxies; without any, nothing is read).
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestsInFlight>();
        app.UseRouting();
        app.UseMiddleware<SurfaceGate>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<StoreUnavailablePage>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseMiddleware<TokenScopeGate>();
        app.UseAuthorization();
        app.UseMiddleware<CrossOriginGuard>();

        // Agents authenticate on the stream itself with their site token; people never reach this surface.
        app.MapGrpcService<IngestService>().WithMetadata(new SurfaceMetadata(Surface.Grpc)).AllowAnonymous();
        // Enrolment authenticates by the token in the request, renewal by the client certificate.
        app.MapGrpcService<EnrolmentService>().WithMetadata(new SurfaceMetadata(Surface.Grpc)).AllowAnonymous();

        // Everything for people: signed in (the fallback policy) unless an endpoint says otherwise (sign-in, assets).
        var web = app.MapGroup("").WithMetadata(new SurfaceMetadata(Surface.Web));
        web.MapRazorPages();
        web.MapAssets();
        web.MapLiveEvents();
        var api = web.MapGroup("").AddEndpointFilter<CustomerLimitFilter>();
        api.MapApi();
        app.MapCollectorTelemetry();

        var endpoints = app.Services.GetRequiredService<CollectorEndpoints>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("BackupHealth.Collector");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Log.Listening(logger, IngestService.CollectorVersion, endpoints.Grpc, endpoints.Web);
            var insecure = new[] { endpoints.Grpc, endpoints.Web }.Where(u => u.Scheme == Uri.UriSchemeHttp).ToList();
            if (insecure.Count > 0)
            {
                Log.InsecureHttp(logger, string.Join(", ", insecure));
            }

            var options = app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value;
            if (!options.AllowSiteTokens && options.Sites.Any(s => s.AgentTokens.Count > 0))
            {
                Log.SiteTokensNotAllowed(logger);
            }
        });
        return app;
    }

    /// <summary>Runs until stopped. A configuration or start-up error is printed, one line naming each setting, and
    /// gives exit code 2; the stack trace only when logging is at Debug.</summary>
    public static async Task<int> RunAsync(string[] args, IReadOnlyList<StoreBackend> stores)
    {
        if (UserCommandLine.IsVerb(args))
        {
            return await UserCommandLine.RunAsync(args, stores, Console.In, Console.Out, Console.Error);
        }

        if (CollectorCommandLine.WantsHelp(args))
        {
            await Console.Out.WriteAsync(CollectorCommandLine.Usage);
            return 0;
        }

        if (CollectorCommandLine.SettingsProblem(args) is { } argument)
        {
            await Console.Error.WriteLineAsync($"error: {argument}{Environment.NewLine}{Environment.NewLine}{CollectorCommandLine.Usage}");
            return 2;
        }

        WebApplication? app = null;
        ConfigurationManager? configuration = null;
        var started = false;
        try
        {
            var builder = CreateBuilder(args);
            configuration = builder.Configuration;
            ValidateCollectorSection(builder.Configuration);
            // The host logs a start that failed with its stack trace; the lines below say it in the operator's terms.
            builder.Services.Configure<LoggerFilterOptions>(filter => filter.Rules.Add(
                new LoggerFilterRule(null, HostCategory, LogLevel.Warning, (_, _, level) => started || level < LogLevel.Error)));
            app = Build(builder, stores);
            app.Lifetime.ApplicationStarted.Register(() => started = true);
            // The other sections' settings before any service is made (and logs) from them.
            app.Services.GetService<IStartupValidator>()?.Validate();
            // Not RunAsync: it disposes the app when the start fails, and the problems are read from the app's services.
            await app.StartAsync();
            await app.WaitForShutdownAsync();
            return 0;
        }
        catch (Exception ex) when (!started && StartupProblems(ex, app) is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync("backuphealth-collector cannot start:");
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync("  " + problem);
            }

            if (Enum.TryParse<LogLevel>(configuration?["Logging:LogLevel:Default"], ignoreCase: true, out var level) && level <= LogLevel.Debug)
            {
                await Console.Error.WriteLineAsync(ex.ToString());
            }

            return 2;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }

    private static void AddCollector(IServiceCollection services, ConfigurationManager configuration, IReadOnlyList<StoreBackend> stores)
    {
        services.AddOptionsWithValidateOnStart<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.SectionName));
        services.AddSingleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<CollectorEndpoints>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, KestrelSetup>();

        services.AddSingleton<ChangeFeed>();
        StoreOptions.Choose(configuration[$"{StoreOptions.SectionName}:{nameof(StoreOptions.Provider)}"], stores).Register(services, configuration);
        services.AddSingleton<AgentAuthenticator>();
        services.AddSingleton<ObservationQuota>();
        services.AddSingleton<IFloodWatch>(sp => sp.GetRequiredService<ObservationQuota>());
        services.AddSingleton<RefusedStreamLog>();
        services.AddSingleton<AgentTokens>();
        services.AddCollectorLimits(configuration);
        services.AddCollectorTls(configuration);
        services.AddEnrolment(configuration);
        services.AddCollectorWeb(configuration);
        services.AddNotifications(configuration);
        services.AddAlerts(configuration);
        services.AddAudit();

        services.AddGrpc();
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<CollectorOptions>>((grpc, collector) =>
        {
            grpc.MaxReceiveMessageSize = CollectorOptions.ValueIfValid(collector)?.MaxMessageBytes ?? CollectorOptions.DefaultMaxMessageBytes;
            grpc.EnableDetailedErrors = false;
        });
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, CollectorJsonContext.Default));
        services.AddAlertRules(configuration);
        services.AddCoverage();
        services.AddDashboard(configuration);
        services.AddCollectorTelemetry(configuration);
        services.AddQuietLogging();
    }

    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>The collector's own section before the app is built: building it already makes services that fall
    /// back to defaults without valid settings, and say so in the log.</summary>
    private static void ValidateCollectorSection(ConfigurationManager configuration)
    {
        var options = new CollectorOptions();
        configuration.GetSection(CollectorOptions.SectionName).Bind(options);
        var result = new CollectorOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(CollectorOptions), result.Failures);
        }
    }

    private static List<string> StartupProblems(Exception exception, WebApplication? app) => exception switch
    {
        OptionsValidationException options => [.. options.Failures],
        CollectorStartupException startup => [startup.Message],
        IOException { InnerException: AddressInUseException } when app is not null => [PortInUse(exception, app)],
        InvalidOperationException conversion when SettingConversion.Problem(conversion) is { } problem => [problem],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(e => StartupProblems(e, app)).ToList(),
        _ => [],
    };

    /// <summary>Kestrel's "Failed to bind to address http://127.0.0.1:5080: address already in use.", said as the
    /// setting that chose the port.</summary>
    private static string PortInUse(Exception exception, WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value;
        var setting = exception.Message.Contains($":{ListenUrl.Parse(options.WebUrl).Port}:", StringComparison.Ordinal)
            ? (Name: nameof(CollectorOptions.WebUrl), Url: options.WebUrl)
            : (Name: nameof(CollectorOptions.GrpcUrl), Url: options.GrpcUrl);
        var scheme = new Uri(setting.Url).Scheme;
        return $"{CollectorOptions.SectionName}:{setting.Name}: {setting.Url} is in use by another program; choose a free port "
            + $"(e.g. --{CollectorOptions.SectionName}:{setting.Name}={scheme}://127.0.0.1:PORT)";
    }
}
