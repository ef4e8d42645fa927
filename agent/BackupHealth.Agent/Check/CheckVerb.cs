using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Probes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BackupHealth.Agent.Check;

/// <summary><c>check</c>: run every configured probe once, print the result and exit with the plugin status. Needs no
/// collector and writes nothing to the outbox.</summary>
internal static class CheckVerb
{
    public static async Task<int> RunAsync(AgentCommandLine commandLine, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            using var host = AgentHostFactory.CreateBuilder(commandLine).Build();
            var errors = ConfigurationErrors.Find(host.Services);
            if (errors.Count > 0)
            {
                return Fail(commandLine, stdout, stderr, errors);
            }

            var report = await RunProbesAsync(
                host.Services.GetRequiredService<ProbeCatalog>(),
                host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CheckVerb).FullName!),
                cancellationToken);
            if (commandLine.Json)
            {
                CheckJsonWriter.Write(stdout, report);
            }
            else
            {
                CheckTableWriter.Write(stdout, report);
            }

            return report.ExitCode;
        }
        catch (AgentConfigurationException ex)
        {
            return Fail(commandLine, stdout, stderr, ex.Errors);
        }
    }

    public static async Task<CheckReport> RunProbesAsync(ProbeCatalog catalog, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var checkedProbes = new List<CheckedProbe>();
        foreach (var probe in catalog.Probes)
        {
            var result = await ProbeRunner.RunSafelyAsync(probe.Probe, logger, cancellationToken);
            checkedProbes.Add(new CheckedProbe(probe.Name, probe.Type, result));
        }

        return new CheckReport(checkedProbes);
    }

    /// <summary>A check that cannot run still answers as a plugin: the status line (or, with --json, the verdict)
    /// comes first on standard output, so Nagios shows why instead of "(No output)"; each error also goes to stderr.</summary>
    public static int Fail(AgentCommandLine commandLine, TextWriter stdout, TextWriter stderr, IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(errors);
        var summary = $"BACKUPHEALTH UNKNOWN - cannot check: {string.Join("; ", errors)}".ReplaceLineEndings(" ");
        if (commandLine.Json)
        {
            CheckJsonWriter.WriteUnknown(stdout, summary, errors);
        }
        else
        {
            stdout.WriteLine(summary);
        }

        foreach (var error in errors)
        {
            stderr.WriteLine($"error: {error}");
        }

        return (int)CheckStatus.Unknown;
    }
}
