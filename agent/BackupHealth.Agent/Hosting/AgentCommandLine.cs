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

    public static AgentCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = AgentVerb.Run;
        var index = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            switch (args[0])
            {
                case "run":
                    break;
                case "check":
                    verb = AgentVerb.Check;
                    break;
                case "verify":
                    verb = AgentVerb.Verify;
                    break;
                case "enroll" or "enrol":
                    verb = AgentVerb.Enroll;
                    break;
                default:
                    return new AgentCommandLine(AgentVerb.Run, Error: $"unknown verb '{args[0]}' (known: run, check, verify, enroll, install, uninstall)");
            }

            index = 1;
        }

        string? configFile = null;
        string? file = null;
        string? tokenFile = null;
        var json = false;
        for (; index < args.Count; index++)
        {
            var arg = args[index];
            switch (arg)
            {
                case "-h" or "--help" or "-?":
                    return new AgentCommandLine(AgentVerb.Help);
                case "--json" when verb is AgentVerb.Check or AgentVerb.Verify:
                    json = true;
                    break;
                case "--config" when verb != AgentVerb.Verify:
                    if (index + 1 >= args.Count || string.IsNullOrWhiteSpace(args[index + 1]))
                    {
                        return new AgentCommandLine(verb, Error: "--config needs a file name");
                    }

                    configFile = args[++index];
                    break;
                case "--token-file" when verb == AgentVerb.Enroll:
                    if (index + 1 >= args.Count || string.IsNullOrWhiteSpace(args[index + 1]))
                    {
                        return new AgentCommandLine(verb, Error: "--token-file needs a file name, or - to read the token from stdin");
                    }

                    tokenFile = args[++index];
                    break;
                case var token when verb == AgentVerb.Enroll && (token == "--token" || token.StartsWith("--token=", StringComparison.Ordinal)):
                    return new AgentCommandLine(verb, Error: TokenOnCommandLine);
                case var candidate when verb == AgentVerb.Verify && file is null && !candidate.StartsWith('-'):
                    file = arg;
                    break;
                default:
                    if (verb != AgentVerb.Verify && arg.StartsWith("--config=", StringComparison.Ordinal) && arg.Length > "--config=".Length)
                    {
                        configFile = arg["--config=".Length..];
                        break;
                    }

                    return new AgentCommandLine(verb, Error: $"unknown argument '{arg}' for {verb.ToString().ToLowerInvariant()}");
            }
        }

        if (verb == AgentVerb.Verify && file is null)
        {
            return new AgentCommandLine(verb, Error: "verify needs the .xva file to verify");
        }

        if (verb == AgentVerb.Enroll && tokenFile is null)
        {
            return new AgentCommandLine(verb, Error: "enroll needs --token-file FILE (or --token-file - to read the token from stdin)");
        }

        return new AgentCommandLine(verb, configFile, json, File: file, TokenFile: tokenFile);
    }
}
