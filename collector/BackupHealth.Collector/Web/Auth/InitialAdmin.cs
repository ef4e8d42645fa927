using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>On a database without users, creates the admin named in <c>Collector:Auth:InitialAdmin</c> before
/// anything listens (registered after the store is prepared). Without that setting it says how to create one; there
/// is never a built-in account or password.</summary>
internal sealed class InitialAdmin(UserAccounts users, IOptions<AuthOptions> options, IAuditLog audit, ILogger<InitialAdmin> logger) : IHostedLifecycleService
{
    public const string CreatedBy = "configuration";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var admin = options.Value.InitialAdmin;
        if (string.IsNullOrWhiteSpace(admin.Username))
        {
            Log.NoUsers(logger);
            return;
        }

        var key = $"{AuthOptions.SectionName}:InitialAdmin:PasswordFile";
        string password;
        try
        {
            password = (await File.ReadAllTextAsync(admin.PasswordFile!, cancellationToken)).TrimEnd('\r', '\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CollectorStartupException($"{key}: cannot read the first admin's password: {ex.Message}", ex);
        }

        var change = await users.CreateAsync(admin.Username, password, Roles.Admin, [], CreatedBy);
        if (change.Status != ChangeStatus.Done)
        {
            throw new CollectorStartupException($"{key}: {change.Problem}");
        }

        Log.InitialAdminCreated(logger, admin.Username.Trim());
        await audit.RecordAsync(new AuditEntry(AuditActors.System, null, AuditActions.UserCreated, AuditTargets.User(admin.Username.Trim()),
            Detail: $"role {Roles.Admin}, every customer; the first admin, from {AuthOptions.SectionName}:InitialAdmin"));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
