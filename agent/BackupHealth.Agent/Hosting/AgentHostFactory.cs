using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace BackupHealth.Agent.Hosting;

/// <summary>Builds the host for a verb with our own configuration order (the default builder would read
/// appsettings.json from the current directory and again after <c>--config</c>).</summary>
internal static class AgentHostFactory
{
    public const string HttpClientLogCategory = "System.Net.Http.HttpClient";

    /// <exception cref="AgentConfigurationException">The <c>--config</c> file cannot be read.</exception>
    public static HostApplicationBuilder CreateBuilder(AgentCommandLine commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
        });
        AgentConfiguration.AddSources(builder.Configuration, commandLine.ConfigFile);
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // Microsoft.Extensions.Http logs each request of a client made by IHttpClientFactory with its URL (categories
        // System.Net.Http.HttpClient.<client>.LogicalHandler and .ClientHandler, from Information on). The vendor
        // probes make their clients without the factory, so nothing is logged there; should one ever come from it,
        // its URLs and headers, which may carry a vendor's credentials, are still never logged, whatever
        // Logging:LogLevel says (added after the configuration, this rule wins over one for the same category).
        builder.Logging.AddFilter(HttpClientLogCategory, LogLevel.None);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        if (commandLine.Verb == AgentVerb.Check)
        {
            // stdout carries the table or JSON; anything logged goes to stderr.
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.AddAgentCore(builder.Configuration, requireToken: commandLine.Verb == AgentVerb.Run);
        return builder;
    }
}
