using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace BackupHealth.CommandLine;

/// <summary>How both programs parse their command lines with System.CommandLine: the verbs and their options are
/// declared as commands, parsed (never invoked: each program runs its own verb), and the first problem is worded as
/// the programs word it (<c>unknown argument '--x' for check</c>, <c>--config needs a file name</c>). No response files
/// (<c>@file</c> is an argument like any other), no directives, no implicit <c>--version</c>: only what the usage text
/// shows is accepted.</summary>
internal static class CommandGrammar
{
    private static readonly ParserConfiguration Configuration = new() { ResponseFileTokenReplacer = null };

    /// <summary>A program's top command: <c>-h</c>, <c>--help</c> and <c>-?</c> on it and every verb under it.</summary>
    public static Command Program(string name, params Symbol[] symbols)
    {
        var program = Verb(name, symbols);
        program.Add(new HelpOption());
        return program;
    }

    /// <summary>A verb (or the program itself) with its options, arguments and verbs under it.</summary>
    public static Command Verb(string name, params Symbol[] symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var command = new Command(name);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Add(option);
                    break;
                case Argument argument:
                    command.Add(argument);
                    break;
                case Command verb:
                    command.Add(verb);
                    break;
                default:
                    throw new ArgumentException($"cannot add a {symbol.GetType().Name} to a command", nameof(symbols));
            }
        }

        // Marks the command as one that runs: without an action the parser reports "Required command was not provided".
        command.SetAction(_ => 0);
        return command;
    }

    public static ParseResult Parse(Command program, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.Parse(args, Configuration);
    }

    public static bool WantsHelp(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Action is HelpAction;
    }

    /// <summary>The first problem of a parse, in the programs' words; null when there is none.</summary>
    /// <param name="result">The parse.</param>
    /// <param name="verb">The verb's name for "unknown argument … for VERB" (the program's default verb when none was
    /// given); the parsed command's name when null.</param>
    public static string? Problem(ParseResult result, string? verb = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Errors.Count == 0)
        {
            return null;
        }

        // An unknown word comes first, as it stands first for whoever typed it.
        if (result.UnmatchedTokens.Count > 0 && result.Errors.All(e => e.SymbolResult is not OptionResult and not ArgumentResult))
        {
            return $"unknown argument '{result.UnmatchedTokens[0]}' for {verb ?? result.CommandResult.Command.Name}";
        }

        var error = result.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { Option: ValueOption option } => option.Needs,
            OptionResult { Tokens.Count: 0 } missing => $"{missing.Option.Name} needs a value",
            ArgumentResult { Argument: ValueArgument argument, Tokens.Count: 0 } => argument.Needs,
            _ when result.UnmatchedTokens.Count > 0 => $"unknown argument '{result.UnmatchedTokens[0]}' for {verb ?? result.CommandResult.Command.Name}",
            _ => error.Message,
        };
    }
}
