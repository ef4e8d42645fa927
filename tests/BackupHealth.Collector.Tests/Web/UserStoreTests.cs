using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>What the users and account pages ask of <see cref="UserStore"/>, against a real collector's SQLite file.</summary>
public sealed class UserStoreTests : IAsyncLifetime
{
    private const string NewPassword = "a brand new passphrase";

    private TestCollector _collector = null!;

    private UserStore Users => _collector.App.Services.GetRequiredService<UserStore>();

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync();

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private Task<SignInResult> SignInAsync(string name, string password) =>
        _collector.App.Services.GetRequiredService<PasswordSignIn>().SignInAsync(name, password, "192.0.2.1", CancellationToken.None);

    [Fact]
    public async Task Changing_the_own_password_needs_the_current_one_and_the_old_one_stops_working()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician);
        var before = (await Users.FindAsync(id, CancellationToken.None))!;

        var change = await Users.ChangePasswordAsync(id, WebUsers.Password, NewPassword);

        Assert.Equal(ChangeStatus.Done, change.Status);
        Assert.False((await SignInAsync("tech", WebUsers.Password)).Success);
        Assert.True((await SignInAsync("tech", NewPassword)).Success);
        Assert.NotEqual(before.Stamp, (await Users.FindAsync(id, CancellationToken.None))!.Stamp);
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician);
        var before = (await Users.FindAsync(id, CancellationToken.None))!;

        var change = await Users.ChangePasswordAsync(id, "not the password at all", NewPassword);

        Assert.Equal((ChangeStatus.Invalid, "the current password is wrong"), (change.Status, change.Problem));
        var after = (await Users.FindAsync(id, CancellationToken.None))!;
        Assert.Equal((before.PasswordHash, before.Stamp), (after.PasswordHash, after.Stamp));
        Assert.True((await SignInAsync("tech", WebUsers.Password)).Success);
    }

    [Theory]
    [InlineData("short", "a password has at least 12 characters")]
    [InlineData(WebUsers.Password, "the new password must differ from the current one")]
    public async Task A_new_password_that_is_too_short_or_unchanged_is_refused(string password, string problem)
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician);
        var before = (await Users.FindAsync(id, CancellationToken.None))!;

        var change = await Users.ChangePasswordAsync(id, WebUsers.Password, password);

        Assert.Equal((ChangeStatus.Invalid, problem), (change.Status, change.Problem));
        Assert.Equal(before.Stamp, (await Users.FindAsync(id, CancellationToken.None))!.Stamp);
    }

    [Fact]
    public async Task Changing_the_password_of_an_unknown_user_is_not_found() =>
        Assert.Equal(ChangeStatus.NotFound, (await Users.ChangePasswordAsync(987_654, WebUsers.Password, NewPassword)).Status);

    [Fact]
    public async Task Customers_are_listed_by_name_from_the_customers_table()
    {
        var customers = await Users.ListCustomersAsync(CancellationToken.None);

        Assert.Equal(["Contoso Ltd", "Fabrikam"], customers.Select(c => c.Name));
        var ids = await Task.WhenAll(customers.Select(c => _collector.CountAsync("SELECT id FROM customers WHERE name = $n", ("$n", c.Name))));
        Assert.Equal(ids, customers.Select(c => c.Id));
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_demoted_and_nothing_changes()
    {
        var admin = (await Users.FindAsync(WebUsers.AdminName, CancellationToken.None))!;

        var change = await Users.UpdateAsync(admin.Id, Roles.Viewer, false, ["Fabrikam"]);

        Assert.Equal((ChangeStatus.RolledBack, "the last enabled admin who sees every customer cannot be disabled, limited or given another role"), (change.Status, change.Problem));
        var after = (await Users.FindAsync(admin.Id, CancellationToken.None))!;
        Assert.Equal((Roles.Admin, admin.Stamp, 0), (after.Role, after.Stamp, after.Customers.Count));
    }

    [Fact]
    public async Task The_last_unlimited_admin_cannot_limit_themselves_to_some_customers()
    {
        var admin = (await Users.FindAsync(WebUsers.AdminName, CancellationToken.None))!;

        var change = await Users.UpdateAsync(admin.Id, Roles.Admin, false, ["Fabrikam"]);

        Assert.Equal(ChangeStatus.RolledBack, change.Status);
        Assert.Empty((await Users.FindAsync(admin.Id, CancellationToken.None))!.Customers);
    }
}
