using System.CommandLine;
using BackupHealth.CommandLine;

namespace BackupHealth.Agent.Hosting;

/// <summary>The parsed command line: <c>[run] [--config F]</c>, <c>check [--config F] [--json]</c>,
/// <c>verify FILE [--json]</c>, <c>enroll --token-file FILE [--config F]</c> or <c>-h</c>.</summary>
internal sealed record AgentCommandLine(
    AgentVerb Verb, string? ConfigFile = null, bool Json = false, string? Error = null, string? File = null, string? TokenFile = null)
{
    public const string Usage = """
        Usage: backuphealth-agent [run] [--config FILE]
               backuphealth-agent check [--config FILE] [--json]
               backuphealth-agent verify FILE.xva [--json]
               backuphealth-agent enroll --token-file FILE [--config FILE]
               backuphealth-agent install [--config FILE | --collector-url URL --token TOKEN] [--root DIR]
               backuphealth-agent install --token-file FILE [--config FILE] [--root DIR]
               backuphealth-agent uninstall [--purge] [--root DIR]

          run      (default) run the configured probes on their schedule and stream what they see to the collector
          check    run every configured probe once and print a table (--json: JSON), no collector needed;
                   exit code 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN
          verify   verify one XenServer/XCP-ng export (.xva: plain, gzip or zstd) end to end: every chunk's
                   checksum, sparse gaps, disk sizes, a clean end; no configuration or collector needed;
                   exit code 0 passed, 2 failed, 3 cannot open the file
          enroll   trade a one-time enrolment token (bhe_…) for this agent's own certificate: checks the
                   collector against the token's pin, then stores key, certificate and collector settings in
                   identity/ of the data folder; the token is read from FILE (- for stdin), never from the
                   command line, and the file is deleted once enrolled
          install  register and start the agent as a systemd unit or Windows service (install -h: details);
                   with --token-file it enrols first, so no --collector-url or --token is needed
          uninstall  stop and remove it; configuration and data stay unless --purge
          --json          machine-readable output (check, verify)
          --config FILE   JSON settings file applied over appsettings.json beside the program
          -h, --help      show this help

        Environment variables override both files, e.g. Agent__Token, Agent__CollectorUrl.
        """;

    /// <summary>Exit code for a command line or configuration the verb cannot run with: the plugin's UNKNOWN for the
    /// verbs monitoring runs, 2 (as the collector) otherwise.</summary>
    public int ConfigurationErrorExitCode => Verb is AgentVerb.Check or AgentVerb.Verify ? (int)Check.CheckStatus.Unknown : 2;

    /// <summary>Why a token value on the command line is refused.</summary>
    public const string TokenOnCommandLine = "the enrolment token is never accepted on the command line (it would show in the process list "
        + "and the shell history): write it to a file and pass --token-file FILE, or pipe it in with --token-file -";

    private static readonly Dictionary<string, AgentVerb> Verbs = new(StringComparer.Ordinal)
    {
        ["backuphealth-agent"] = AgentVerb.Run,
        ["run"] = AgentVerb.Run,
        ["check"] = AgentVerb.Check,
        ["verify"] = AgentVerb.Verify,
        ["enroll"] = AgentVerb.Enroll,
    };

    public static AgentCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);

        // Built for this one parse and garbage after it: the agent runs for months on a small memory budget.
        var grammar = new Grammar();
        if (args.Count > 0 && !args[0].StartsWith('-') && !grammar.Program.Subcommands.Any(v => v.Name == args[0] || v.Aliases.Contains(args[0])))
        {
            return new AgentCommandLine(AgentVerb.Run, Error: $"unknown verb '{args[0]}' (known: run, check, verify, enroll, install, uninstall)");
        }

        var parsed = CommandGrammar.Parse(grammar.Program, args);
        var verb = Verbs[parsed.CommandResult.Command.Name];
        if (CommandGrammar.WantsHelp(parsed))
        {
            return new AgentCommandLine(AgentVerb.Help);
        }

        if (verb == AgentVerb.Enroll && args.Any(a => a == "--token" || a.StartsWith("--token=", StringComparison.Ordinal)))
        {
            return new AgentCommandLine(verb, Error: TokenOnCommandLine);
        }

        if (CommandGrammar.Problem(parsed, verb.ToString().ToLowerInvariant()) is { } problem)
        {
            return new AgentCommandLine(verb, Error: problem);
        }

        return new AgentCommandLine(
            verb,
            parsed.GetResult(grammar.Config) is null ? null : parsed.GetValue(grammar.Config),
            parsed.GetValue(grammar.Json),
            File: parsed.GetResult(grammar.XvaFile) is null ? null : parsed.GetValue(grammar.XvaFile),
            TokenFile: parsed.GetResult(grammar.TokenFile) is null ? null : parsed.GetValue(grammar.TokenFile));
    }

    /// <summary>The agent's verbs as <see cref="Usage"/> shows them; <c>install</c> and <c>uninstall</c> are parsed by
    /// <see cref="ServiceInstall.ServiceCommandLine"/>, which both programs share.</summary>
    private sealed class Grammar
    {
        public Grammar()
        {
            var enroll = CommandGrammar.Verb("enroll", TokenFile, Config);
            enroll.Aliases.Add("enrol");
            enroll.Validators.Add(result =>
            {
                if (result.GetResult(TokenFile) is null)
                {
                    result.AddError("enroll needs --token-file FILE (or --token-file - to read the token from stdin)");
                }
            });
            Program = CommandGrammar.Program("backuphealth-agent",
                Config,
                CommandGrammar.Verb("run", Config),
                CommandGrammar.Verb("check", Config, Json),
                CommandGrammar.Verb("verify", XvaFile, Json),
                enroll);
        }

        public ValueOption Config { get; } = new("--config", "--config needs a file name");

        public Option<bool> Json { get; } = new("--json");

        public ValueOption TokenFile { get; } = new("--token-file", "--token-file needs a file name, or - to read the token from stdin");

        public ValueArgument XvaFile { get; } = new("FILE", "verify needs the .xva file to verify");

        public Command Program { get; }
    }
}
