using System.CommandLine;
using BackupHealth.CommandLine;

namespace BackupHealth.Collector.Hosting;

/// <summary>What the collector's command line may hold besides a verb's own options: <c>-h</c>/<c>--help</c>,
/// <c>--config FILE</c> and single settings (<c>--Collector:DataPath=DIR</c>). Anything else is an error naming it,
/// so a mistyped option is never taken for a setting nobody reads, and <c>--help</c> never starts a collector.</summary>
internal static class CollectorCommandLine
{
    public const string Usage = """
        Usage: backuphealth-collector [--config FILE] [--Collector:SETTING=VALUE]...
               backuphealth-collector add-user --username NAME --role admin|technician|viewer [--customer NAME]... [--password-file FILE] [settings]
               backuphealth-collector set-password --username NAME [--password-file FILE] [settings]
               backuphealth-collector create-api-token --username NAME --name LABEL [--scope read|read-write] [--expires-in-days N] [settings]
               backuphealth-collector install [--config FILE | --grpc-url URL --web-url URL] [--root DIR]
               backuphealth-collector uninstall [--purge] [--root DIR]

          (no verb)         run the collector: the agents' gRPC endpoint, the dashboard and the API, alerts
          add-user          add a person who signs in to the dashboard (password from --password-file or standard input)
          set-password      set a person's password and end their sessions and API tokens
          create-api-token  print a new API token of a person (the only line on standard output); read-write and
                            valid until revoked unless --scope read / --expires-in-days say otherwise
          install           register and start the collector as a systemd unit or Windows service (install -h: details)
          uninstall         stop and remove it; configuration and data stay unless --purge
          --config FILE     JSON settings file, read over appsettings.json in the current folder
          --Collector:SETTING=VALUE, --Logging:SETTING=VALUE
                            one setting, over the files and the environment (e.g. --Collector:DataPath=/srv/backuphealth)
          -h, --help        show this help

        Environment variables override the files, e.g. Collector__DataPath. The user verbs read the settings the
        collector reads (same files, environment and folder) to find its database, and change only users.
        """;

    /// <summary>Top-level configuration sections the collector reads, and the host's own keys.</summary>
    private static readonly string[] Sections = ["Collector", "Logging"];
    private static readonly string[] HostKeys = ["environment", "contentRoot"];

    /// <summary>The collector without a verb: help, and settings the configuration reads (checked by
    /// <see cref="SettingsProblem"/>). The user verbs have theirs in <c>UserCommandLine</c>, install and uninstall in
    /// <c>ServiceCommandLine</c>; all through System.CommandLine (<see cref="CommandGrammar"/>).</summary>
    private static readonly Command Grammar = Settings(CommandGrammar.Program("backuphealth-collector"));

    public static bool WantsHelp(IReadOnlyList<string> args) => CommandGrammar.WantsHelp(CommandGrammar.Parse(Grammar, args));

    private static Command Settings(Command program)
    {
        program.TreatUnmatchedTokensAsErrors = false;
        return program;
    }

    /// <summary>Checks arguments that are settings (everything after a verb's own options).</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="verbPosition">Whether the first argument is where a verb would be.</param>
    /// <returns>The first argument that is not a setting, worded for the operator; null when all are.</returns>
    public static string? SettingsProblem(IReadOnlyList<string> args, bool verbPosition = true)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                return i == 0 && verbPosition && !arg.StartsWith('-') ? $"unknown verb '{arg}' (known: add-user, set-password, create-api-token, install, uninstall)"
                    : $"unexpected argument '{arg}'";
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? arg[2..] : arg[2..equals];
            if (!IsKnownKey(key))
            {
                return $"unknown option '--{key}' (settings look like --Collector:DataPath=DIR)";
            }

            if (equals < 0 && (++i >= args.Count || args[i].StartsWith("--", StringComparison.Ordinal)))
            {
                return $"--{key} needs a value";
            }
        }

        return null;
    }

    private static bool IsKnownKey(string key)
    {
        if (key == CollectorConfigFile.Key || HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < key.Length - 1 && Sections.Contains(key[..colon], StringComparer.OrdinalIgnoreCase);
    }
}
