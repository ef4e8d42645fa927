using BackupHealth.Collector.Tests.Support;
using BackupHealth.Collector.Web.Auth;
using Microsoft.Extensions.DependencyInjection;
using BackupHealth.Collector.Host;

namespace BackupHealth.Collector.Tests.Web;

/// <summary>A new password is at least 12 characters and not a common one, a repetition or a run, wherever it is set.</summary>
public sealed class PasswordRulesTests
{
    [Theory]
    [InlineData("short", "a password has at least 12 characters")]
    [InlineData("password1234", PasswordRules.TooCommon)]
    [InlineData("Password2024!", PasswordRules.TooCommon)]
    [InlineData("  Qwertyuiop!! ", PasswordRules.TooCommon)]
    [InlineData("monkeymonkeymonkey", PasswordRules.TooCommon)]
    [InlineData("1234567890123", PasswordRules.Sequence)]
    [InlineData("BackupHealth2025", PasswordRules.TooCommon)]
    [InlineData("aaaaaaaaaaaa", PasswordRules.Repeating)]
    [InlineData("abcabcabcabc", PasswordRules.Repeating)]
    [InlineData("xyxyzzxyxyzz", PasswordRules.Repeating)]
    [InlineData("123456789012", PasswordRules.Sequence)]
    [InlineData("zyxwvutsrqponm", PasswordRules.Sequence)]
    [InlineData("asdfghjklzxc", PasswordRules.Sequence)]
    [InlineData("mnbvcxz!2024", PasswordRules.TooCommon)]
    [InlineData("hgfedcba$$99", PasswordRules.Sequence)]
    public void Weak_passwords_are_refused_with_the_reason(string password, string problem) =>
        Assert.Equal(problem, PasswordRules.Problem(password));

    [Theory]
    [InlineData(WebUsers.Password)]
    [InlineData("another long password")]
    [InlineData("Tr0ub4dor&3-horse")]
    [InlineData("7f#kP2!xQ9zL")]
    [InlineData("839201746352")]
    [InlineData("dragon fire over the mountain")]
    public void Long_uncommon_passwords_pass(string password) => Assert.Null(PasswordRules.Problem(password));

    [Fact]
    public async Task The_users_page_and_the_command_line_refuse_a_common_password_and_say_why()
    {
        await using var collector = await TestCollector.StartAsync();
        using var session = new FormSession(collector.Endpoints.Web);
        (await session.SignInAsync(WebUsers.AdminName, WebUsers.Password)).Dispose();
        var token = await session.TokenAsync("/users");

        using var page = await session.PostFormAsync("/users?handler=Create", token, ("username", "tina"), ("role", Roles.Viewer),
            ("password", "Password2024!"), ("repeat", "Password2024!"));
        var error = new StringWriter();
        var exitCode = await UserCommandLine.RunAsync(["add-user", "--username", "tom", "--role", "viewer", $"--Collector:DataPath={collector.Data.Path}"], ShippedStores.All,
            new StringReader("qwertyuiop123\n"), new StringWriter(), error);

        Assert.Contains(System.Net.WebUtility.HtmlEncode(PasswordRules.TooCommon), await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((2, PasswordRules.TooCommon), (exitCode, error.ToString().Trim().Split('\n')[^1].Trim()));
        var users = collector.App.Services.GetRequiredService<UserAccounts>();
        Assert.Null(await users.FindAsync("tina", CancellationToken.None));
        Assert.Null(await users.FindAsync("tom", CancellationToken.None));
    }
}
