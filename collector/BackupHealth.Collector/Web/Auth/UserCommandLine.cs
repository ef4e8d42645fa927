using System.CommandLine;
using BackupHealth.CommandLine;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Hosting;
using BackupHealth.Collector.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>The collector's user verbs, run against the database its configuration names (same appsettings,
/// environment and <c>--Collector:DataPath=…</c> arguments as the service), for the first admin and for locked-out
/// admins:
/// <code>
/// backuphealth-collector add-user --username NAME --role admin|technician|viewer [--customer NAME]... [--password-file FILE]
/// backuphealth-collector set-password --username NAME [--password-file FILE]
/// backuphealth-collector create-api-token --username NAME --name LABEL [--scope read|read-write] [--expires-in-days N]
/// </code>
/// Without <c>--password-file</c> the password is read from standard input (asked twice, not echoed, on a terminal).
/// A verb changes users and nothing else: it needs a database the collector has made, names it on standard error, and
/// never seeds sites or tokens, migrates, or touches the agents' state.</summary>
internal static class UserCommandLine
{
    public static readonly IReadOnlyList<string> Verbs = ["add-user", "set-password", "create-api-token"];

    private static readonly ValueOption Username = new("--username", "--username needs a name") { Required = true };
    private static readonly ValueOption Role = new("--role", "--role needs admin, technician or viewer") { Required = true };
    private static readonly Option<string[]> Customers = CustomerOption();
    private static readonly ValueOption PasswordFile = new("--password-file", "--password-file needs a file name");
    private static readonly ValueOption TokenName = new("--name", "--name needs a label") { Required = true };
    private static readonly ValueOption Scope = new("--scope", "--scope needs read or read-write");
    private static readonly ValueOption ExpiresInDays = new("--expires-in-days", "--expires-in-days needs a number of days");

    /// <summary>The user verbs and their own options; anything else on the line is a setting.</summary>
    private static readonly Command Grammar = CommandGrammar.Program("backuphealth-collector",
        Settings(CommandGrammar.Verb("add-user", Username, Role, Customers, PasswordFile)),
        Settings(CommandGrammar.Verb("set-password", Username, PasswordFile)),
        Settings(CommandGrammar.Verb("create-api-token", Username, TokenName, Scope, ExpiresInDays)));

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, IReadOnlyList<StoreBackend> stores, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var verb = args[0];
        var parsed = CommandGrammar.Parse(Grammar, args);
        var command = parsed.CommandResult.Command;
        var usage = $"usage: backuphealth-collector {verb} --username NAME"
            + (verb == "add-user" ? " --role admin|technician|viewer [--customer NAME]... [--password-file FILE]"
                : verb == "set-password" ? " [--password-file FILE]" : " --name LABEL [--scope read|read-write] [--expires-in-days N]")
            + " [--config FILE] [--Collector:SETTING=VALUE]...";
        if (CommandGrammar.WantsHelp(parsed))
        {
            await output.WriteLineAsync(usage);
            return 0;
        }

        // What the verb does not know are settings (--Collector:DataPath=DIR, --config FILE), checked as the collector checks them.
        var rest = parsed.UnmatchedTokens.ToList();
        var problem = CommandGrammar.Problem(parsed) ?? CollectorCommandLine.SettingsProblem(rest, verbPosition: false);
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {problem}{Environment.NewLine}{usage}");
            return 2;
        }

        var username = parsed.GetValue(Username)!;
        string? One(Option<string> option) => command.Options.Contains(option) ? parsed.GetValue(option) : null;

        WebApplicationBuilder builder;
        try
        {
            builder = CollectorHost.CreateBuilder([.. rest]);
        }
        catch (CollectorStartupException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }

        // Standard output carries only the verb's answer (a script captures the API token from it).
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        await using var app = CollectorHost.Build(builder, stores);
        IStoreStatus store;
        try
        {
            _ = app.Services.GetRequiredService<IOptions<CollectorOptions>>().Value;
            store = app.Services.GetRequiredService<IStoreStatus>();
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, ex.Failures));
            return 2;
        }

        // Never the store's start-up step: that seeds sites and tokens from this command's settings (revoking the
        // running collector's agent tokens) and resets every agent's open-stream count.
        if (store.ExistingDatabaseProblem() is { } missing)
        {
            await error.WriteLineAsync(missing);
            return 2;
        }

        await error.WriteLineAsync($"backuphealth-collector {verb}: database {store.Location}");
        store.OpenForCommand();
        try
        {
            var users = app.Services.GetRequiredService<UserAccounts>();
            var audit = app.Services.GetRequiredService<IAuditLog>();
            return verb switch
            {
                "add-user" => await AddUserAsync(users, audit, username, One(Role)!, [.. parsed.GetValue(Customers) ?? []], One(PasswordFile), input, output, error),
                "set-password" => await SetPasswordAsync(users, audit, username, One(PasswordFile), input, output, error),
                _ => await CreateTokenAsync(users, audit, username, One(TokenName)!, One(Scope) ?? ApiTokenScopes.ReadWrite, One(ExpiresInDays), output, error),
            };
        }
        finally
        {
            await store.ReleaseAsync();
        }
    }

    private static async Task<int> AddUserAsync(UserAccounts users, IAuditLog audit, string username, string role, List<string> customers, string? passwordFile,
        TextReader input, TextWriter output, TextWriter error)
    {
        if (await ReadPasswordAsync(passwordFile, input, output, error) is not { } password)
        {
            return 2;
        }

        var change = await users.CreateAsync(username, password, role, customers, "command line");
        if (change.Status == ChangeStatus.Done)
        {
            var limits = customers.Count == 0 ? "every customer" : "customers " + string.Join(", ", customers);
            await audit.RecordAsync(new AuditEntry(AuditActors.CommandLine, null, AuditActions.UserCreated, AuditTargets.User(username.Trim()),
                Detail: $"role {role}, {limits}"));
        }

        return await ReportAsync(change, $"Created {role} {username.Trim()}.", output, error);
    }

    private static async Task<int> SetPasswordAsync(UserAccounts users, IAuditLog audit, string username, string? passwordFile, TextReader input, TextWriter output, TextWriter error)
    {
        if (await users.FindAsync(username, CancellationToken.None) is not { } user)
        {
            await error.WriteLineAsync($"there is no user '{username}'");
            return 2;
        }

        if (await ReadPasswordAsync(passwordFile, input, output, error) is not { } password)
        {
            return 2;
        }

        var change = await users.SetPasswordAsync(user.Id, password);
        if (change.Status == ChangeStatus.Done)
        {
            await audit.RecordAsync(new AuditEntry(AuditActors.CommandLine, null, AuditActions.UserPasswordSet, AuditTargets.User(user.Username),
                Detail: "sessions and API tokens ended"));
        }

        return await ReportAsync(change, $"Password of {user.Username} set; their sessions and API tokens have ended.", output, error);
    }

    private static async Task<int> CreateTokenAsync(UserAccounts users, IAuditLog audit, string username, string name, string scope, string? days,
        TextWriter output, TextWriter error)
    {
        if (await users.FindAsync(username, CancellationToken.None) is not { } user)
        {
            await error.WriteLineAsync($"there is no user '{username}'");
            return 2;
        }

        TimeSpan? validFor = null;
        if (days is not null)
        {
            if (!int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) || count < 1)
            {
                await error.WriteLineAsync($"--expires-in-days: '{days}' is not a whole number of days of at least 1");
                return 2;
            }

            validFor = TimeSpan.FromDays(count);
        }

        var (change, token) = await users.CreateApiTokenAsync(user.Id, name, scope, validFor);
        if (token is null)
        {
            await error.WriteLineAsync(change.Problem);
            return 2;
        }

        await audit.RecordAsync(new AuditEntry(AuditActors.CommandLine, null, AuditActions.ApiTokenCreated, AuditTargets.ApiToken(TokenHash.Of(token)[..UserAccounts.ApiTokenIdLength]),
            Detail: $"'{name.Trim()}' of {user.Username}, {scope}{(validFor is { } valid ? $", for {valid.Days} days" : "")}"));
        // Only the token on standard output, so a script can capture it.
        await output.WriteLineAsync(token);
        return 0;
    }

    private static async Task<int> ReportAsync(UserChange change, string done, TextWriter output, TextWriter error)
    {
        if (change.Status == ChangeStatus.Done)
        {
            await output.WriteLineAsync(done);
            return 0;
        }

        await error.WriteLineAsync(change.Problem);
        return 2;
    }

    private static async Task<string?> ReadPasswordAsync(string? file, TextReader input, TextWriter output, TextWriter error)
    {
        if (file is not null)
        {
            try
            {
                return (await File.ReadAllTextAsync(file)).TrimEnd('\r', '\n');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await error.WriteLineAsync($"--password-file: {ex.Message}");
                return null;
            }
        }

        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return await input.ReadLineAsync();
        }

        var first = Prompt("Password: ", output);
        var second = Prompt("Again: ", output);
        if (first != second)
        {
            await error.WriteLineAsync("the passwords differ");
            return null;
        }

        return first;
    }

    private static string Prompt(string label, TextWriter output)
    {
        output.Write(label);
        var password = new System.Text.StringBuilder();
        while (Console.ReadKey(intercept: true) is var key && key.Key != ConsoleKey.Enter)
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                password.Length = Math.Max(0, password.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return password.ToString();
    }

    private static Option<string[]> CustomerOption()
    {
        var customers = new Option<string[]>("--customer");
        customers.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => ValueOption.IsNoValue(t.Value)))
            {
                result.AddError("--customer needs a customer name");
            }
        });
        return customers;
    }

    private static Command Settings(Command verb)
    {
        verb.TreatUnmatchedTokensAsErrors = false;
        return verb;
    }
}
