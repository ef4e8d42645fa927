using BackupHealth.Collector.Store;
using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>What the users and account pages ask of <see cref="UserAccounts"/>, against a real collector's SQLite file.</summary>
public sealed class UserAccountsTests : IAsyncLifetime
{
    private const string NewPassword = "a brand new passphrase";

    private TestCollector _collector = null!;

    private UserAccounts Users => _collector.App.Services.GetRequiredService<UserAccounts>();

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

    [Fact]
    public async Task A_second_user_of_the_same_name_is_refused_by_that_name_and_nothing_is_added()
    {
        await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician);
        var before = await Users.CountAsync(CancellationToken.None);

        var change = await Users.CreateAsync("  tech ", "another long passphrase", Roles.Viewer, [], "tests");

        Assert.Equal((ChangeStatus.Invalid, "a user named 'tech' already exists"), (change.Status, change.Problem));
        Assert.Equal(before, await Users.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Limiting_a_user_to_a_customer_that_does_not_exist_names_it_and_changes_nothing()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician, "Fabrikam");
        var before = (await Users.FindAsync(id, CancellationToken.None))!;

        var change = await Users.UpdateAsync(id, Roles.Viewer, false, ["Fabrikam", " Northwind "]);

        Assert.Equal((ChangeStatus.Invalid, "there is no customer 'Northwind'"), (change.Status, change.Problem));
        var after = (await Users.FindAsync(id, CancellationToken.None))!;
        Assert.Equal((Roles.Technician, before.Stamp, "Fabrikam"), (after.Role, after.Stamp, Assert.Single(after.Customers).Name));
    }

    [Fact]
    public async Task Changing_a_user_or_token_that_does_not_exist_is_not_found()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician);
        var notFound = (ChangeStatus.NotFound, "not found");

        Assert.Equal(notFound, Said(await Users.UpdateAsync(987_654, Roles.Viewer, false, [])));
        Assert.Equal(notFound, Said(await Users.SetPasswordAsync(987_654, NewPassword)));
        Assert.Equal(notFound, Said((await Users.CreateApiTokenAsync(987_654, "monitoring")).Change));
        Assert.Equal(notFound, Said(await Users.RevokeApiTokenAsync(id, "0123456789ab")));
        Assert.Equal(notFound, Said(await Users.RevokeApiTokenAsync(id, "0123")));
    }

    [Fact]
    public async Task A_password_set_by_an_admin_while_the_person_changed_theirs_wins()
    {
        var id = await WebUsers.EnsureAsync(_collector.App.Services, "tech", Roles.Technician);
        var read = (await Users.FindAsync(id, CancellationToken.None))!;
        Assert.Equal(ChangeStatus.Done, (await Users.SetPasswordAsync(id, "set by the admin meanwhile")).Status);
        var set = (await Users.FindAsync(id, CancellationToken.None))!;
        // The person's change read the user before the admin's password was set, and writes after it.
        var real = _collector.App.Services.GetRequiredService<IUserStore>();
        var store = Substitute.For<IUserStore>();
        store.FindAsync(id, Arg.Any<CancellationToken>()).Returns(read);
        store.ReplacePasswordAsync(id, Arg.Any<string>(), Arg.Any<PasswordUpdate>())
            .Returns(call => real.ReplacePasswordAsync(id, call.ArgAt<string>(1), call.ArgAt<PasswordUpdate>(2)));

        var change = await new UserAccounts(store, _collector.Time).ChangePasswordAsync(id, WebUsers.Password, NewPassword);

        Assert.Equal((ChangeStatus.Invalid, "the password was changed meanwhile; sign in again"), (change.Status, change.Problem));
        var after = (await Users.FindAsync(id, CancellationToken.None))!;
        Assert.Equal((set.PasswordHash, set.Stamp), (after.PasswordHash, after.Stamp));
    }

    private static (ChangeStatus, string?) Said(UserChange change) => (change.Status, change.Problem);
}
