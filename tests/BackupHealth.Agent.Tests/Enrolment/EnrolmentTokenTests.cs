using BackupHealth.Agent.Enrolment;

namespace BackupHealth.Agent.Tests.Enrolment;

public sealed class EnrolmentTokenTests
{
    private const string Pin = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_token_gives_url_pin_and_secret()
    {
        var token = EnrolmentToken.Parse(FakeCollector.MakeToken("https://collector.example:5180", Pin.ToUpperInvariant().Replace("SHA256", "sha256", StringComparison.Ordinal), "s-1") + "\n");

        Assert.Equal(new Uri("https://collector.example:5180"), token.Url);
        Assert.Equal(Pin, token.Pin);
        Assert.Equal("s-1", token.Secret);
        Assert.DoesNotContain("s-1", token.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Without_a_pin_the_system_trust_is_used(string? pin) =>
        Assert.Null(EnrolmentToken.Parse(FakeCollector.MakeToken("https://collector.example", pin, "s")).Pin);

    [Theory]
    [InlineData("bha_0123", "not an enrolment token: it must start with bhe_")]
    [InlineData("bhe_!!not*base64", "the enrolment token is damaged: the text after bhe_ is not base64url")]
    [InlineData("bhe_bm90IGpzb24", "the enrolment token is damaged: its content is not the expected JSON")]
    public void A_damaged_token_is_named(string text, string error) =>
        Assert.StartsWith(error, Assert.Throws<EnrolmentException>(() => EnrolmentToken.Parse(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(null, Pin, "s", "the enrolment token names no collector URL")]
    [InlineData("http://collector.example", Pin, "s", "the enrolment token's collector URL 'http://collector.example' is not an absolute https:// URL")]
    [InlineData("collector.example", Pin, "s", "the enrolment token's collector URL 'collector.example' is not an absolute https:// URL")]
    [InlineData("https://c.example", "sha256:abc", "s", "the enrolment token's pin 'sha256:abc' is not sha256: followed by 64 hex digits")]
    [InlineData("https://c.example", "md5:0123456789abcdef0123456789abcdef", "s", "the enrolment token's pin 'md5:0123456789abcdef0123456789abcdef' is not sha256: followed by 64 hex digits")]
    [InlineData("https://c.example", Pin, "", "the enrolment token has no secret")]
    public void A_bad_field_is_named(string? url, string? pin, string? secret, string error) =>
        Assert.Equal(error, Assert.Throws<EnrolmentException>(() => EnrolmentToken.Parse(FakeCollector.MakeToken(url, pin, secret))).Message);
}
