using System.Net;
using BackupHealth.Agent.Hosting;
using BackupHealth.Agent.Transport;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Transport;

/// <summary><c>Agent:Proxy</c> and its credentials file: what the agent's channel gets, and what a bad file says.</summary>
public sealed class CollectorProxyTests : IDisposable
{
    private readonly TempDirectory _temp = new("bh-proxy");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Without_a_proxy_setting_the_environment_decides()
    {
        Assert.Null(CollectorProxy.From(new AgentOptions()));
        Assert.Null(CollectorProxy.Problem(new AgentOptions()));
    }

    [Fact]
    public void The_proxy_gets_the_user_and_password_of_the_first_line_the_password_may_hold_colons()
    {
        var file = _temp.Combine("proxy.txt");
        File.WriteAllLines(file, ["  ann:s3cr:et  ", "ignored:line"]);
        var options = new AgentOptions { Proxy = "http://proxy.example:3128", ProxyCredentialsFile = file };

        var proxy = Assert.IsType<WebProxy>(CollectorProxy.From(options));

        Assert.Null(CollectorProxy.Problem(options));
        Assert.Equal(new Uri("http://proxy.example:3128"), proxy.Address);
        Assert.False(proxy.BypassProxyOnLocal);
        var credential = proxy.Credentials!.GetCredential(new Uri("https://collector.example"), "Basic");
        Assert.Equal(("ann", "s3cr:et"), (credential!.UserName, credential.Password));
    }

    [Fact]
    public void Without_a_credentials_file_the_proxy_has_no_credentials()
    {
        var proxy = Assert.IsType<WebProxy>(CollectorProxy.From(new AgentOptions { Proxy = "http://proxy.example:3128" }));

        Assert.Null(proxy.Credentials);
    }

    [Theory]
    [InlineData("no colon here")]
    [InlineData(":password-without-user")]
    [InlineData("")]
    public void A_credentials_file_without_user_colon_password_is_named(string firstLine)
    {
        var file = _temp.Combine("proxy.txt");
        File.WriteAllText(file, firstLine);

        var problem = CollectorProxy.Problem(new AgentOptions { Proxy = "http://proxy.example:3128", ProxyCredentialsFile = file });

        Assert.Equal($"Agent:ProxyCredentialsFile: {file} must hold user:password on its first line", problem);
    }

    [Fact]
    public void A_missing_credentials_file_is_named()
    {
        var file = _temp.Combine("absent.txt");

        var problem = CollectorProxy.Problem(new AgentOptions { Proxy = "http://proxy.example:3128", ProxyCredentialsFile = file });

        Assert.StartsWith("Agent:ProxyCredentialsFile: ", problem, StringComparison.Ordinal);
        Assert.Contains(file, problem, StringComparison.Ordinal);
    }
}
