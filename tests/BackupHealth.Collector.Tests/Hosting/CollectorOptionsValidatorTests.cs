using BackupHealth.Collector.Hosting;

namespace BackupHealth.Collector.Tests.Hosting;

public sealed class CollectorOptionsValidatorTests
{
    private static CollectorOptions Valid() => new()
    {
        Sites =
        [
            new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = ["contoso-token-0000001"] },
            new SiteOptions { Customer = "Fabrikam", Site = "Branch", AgentTokens = ["fabrikam-token-000002"] },
        ],
    };

    private static List<string> Failures(CollectorOptions options) =>
        new CollectorOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Defaults_with_sites_are_valid()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void Short_token_is_named_by_its_setting()
    {
        var options = Valid();
        options.Sites[1].AgentTokens = ["fabrikam-token-000002", "short"];

        Assert.Equal(["Collector:Sites:1:AgentTokens:1: must be at least 16 characters"], Failures(options));
    }

    [Fact]
    public void Duplicate_token_names_both_settings_without_echoing_the_token()
    {
        var options = Valid();
        options.Sites[1].AgentTokens = ["contoso-token-0000001"];

        var failure = Assert.Single(Failures(options));
        Assert.Equal("Collector:Sites:1:AgentTokens:0: duplicates Collector:Sites:0:AgentTokens:0; every token must be unique", failure);
        Assert.DoesNotContain("contoso-token", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backups.example.com", "Collector:PublicUrl: 'backups.example.com' is not an absolute http(s) URL; give the address people open the dashboard at, e.g. https://backups.example.com/")]
    [InlineData("ftp://backups.example.com/", "Collector:PublicUrl: 'ftp://backups.example.com/' is not an absolute http(s) URL; give the address people open the dashboard at, e.g. https://backups.example.com/")]
    [InlineData("https://backups.example.com/?x=1", "Collector:PublicUrl: 'https://backups.example.com/?x=1' may not carry a query, a fragment or credentials; give only scheme, host, port and path")]
    [InlineData("https://user:pw@backups.example.com/", "Collector:PublicUrl: 'https://user:pw@backups.example.com/' may not carry a query, a fragment or credentials; give only scheme, host, port and path")]
    public void A_public_url_that_is_not_a_plain_address_is_named(string url, string failure)
    {
        var options = Valid();
        options.PublicUrl = url;

        Assert.Equal([failure], Failures(options));
    }

    [Theory]
    [InlineData("https://backups.example.com/")]
    [InlineData("https://msp.example/backups")]
    [InlineData("http://10.0.0.5:5080")]
    public void A_public_url_with_a_path_or_port_is_valid(string url)
    {
        var options = Valid();
        options.PublicUrl = url;

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void An_unknown_customer_time_zone_is_named_and_known_ones_pass()
    {
        var options = Valid();
        options.Customers["Contoso Ltd"] = new CustomerOptions { TimeZone = "Europe/Berlin" };
        options.Customers["Fabrikam"] = new CustomerOptions { TimeZone = "Mars/Olympus" };

        Assert.Equal(["Collector:Customers:Fabrikam:TimeZone: unknown time zone 'Mars/Olympus': use an IANA id such as Europe/Berlin or UTC, or a Windows id"], Failures(options));
    }

    [Fact]
    public void Same_port_for_grpc_and_web_is_rejected()
    {
        var options = Valid();
        options.GrpcUrl = "https://127.0.0.1:5180";
        options.WebUrl = "https://127.0.0.1:5180";

        Assert.Equal(["Collector:WebUrl: must use a different port than Collector:GrpcUrl (both are 5180)"], Failures(options));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:5180")]
    [InlineData("https://collector.example.com:5180")]
    [InlineData("https://127.0.0.1:5180/ingest")]
    [InlineData("http://127.0.0.1:5180")]
    public void Unusable_grpc_url_is_named(string url)
    {
        var options = Valid();
        options.GrpcUrl = url;

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Collector:GrpcUrl: ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_refused_naming_the_setting_and_the_way_out()
    {
        var options = Valid();
        options.WebUrl = "http://0.0.0.0:5080";

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Collector:WebUrl: http:// sends agent credentials and passwords in clear text", failure, StringComparison.Ordinal);
        Assert.Contains("Collector:AllowInsecureHttp=true", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_allowed_only_with_AllowInsecureHttp()
    {
        var options = Valid();
        options.GrpcUrl = "http://127.0.0.1:5180";
        options.WebUrl = "http://127.0.0.1:5080";
        options.AllowInsecureHttp = true;

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Annotation_failures_carry_the_section_name()
    {
        var options = Valid();
        options.MaxMessageBytes = 10;
        options.MaxClockSkew = TimeSpan.FromMinutes(-1);
        options.DataPath = "";

        var failures = Failures(options);
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Collector:MaxMessageBytes: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Collector:MaxClockSkew: ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Collector:DataPath: ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_site_without_site_tokens_is_valid_its_agents_enrol()
    {
        var options = Valid();
        options.Sites.Add(new SiteOptions { Customer = "Northwind", Site = "Plant" });

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Site_without_name_and_duplicate_sites_are_named()
    {
        var options = Valid();
        options.Sites.Add(new SiteOptions { Customer = "Contoso Ltd", Site = "Head office", AgentTokens = ["contoso-token-0000003"] });
        options.Sites.Add(new SiteOptions { Customer = " ", Site = "X" });

        var failures = Failures(options);
        Assert.Equal(
        [
            "Collector:Sites:2: duplicates Collector:Sites:0 (Contoso Ltd / Head office); list each site once",
            "Collector:Sites:3:Customer: must not be empty",
        ], failures);
    }
}
