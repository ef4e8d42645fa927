using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using static BackupHealth.Collector.Tests.Notify.SampleNotifications;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>A channel with a secret signs every post: the receiver recomputes HMAC-SHA256 over
/// <c>"&lt;timestamp&gt;.&lt;body&gt;"</c> with the secret it shares and compares. Every post says who sends it.</summary>
public sealed partial class SignatureTests : ReceiverTestBase
{
    private const string Secret = "psa-shared-secret-2f9c41d7";

    [Theory]
    [InlineData("webhook")]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task A_receiver_verifies_the_signature_from_the_raw_body_and_timestamp(string type)
    {
        await using var harness = Harness(type, s => s.Secret(Secret));

        await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(7)), type);

        var request = Received(type);
        var timestamp = request.Headers["X-BackupHealth-Timestamp"];
        Assert.Equal(harness.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        var signature = request.Headers["X-BackupHealth-Signature"];
        Assert.Equal(Expected(Secret, timestamp, request.RawBody), signature);
        Assert.NotEqual(Expected("another-secret-of-the-same-size", timestamp, request.RawBody), signature);
        Assert.NotEqual(Expected(Secret, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), request.RawBody), signature);
    }

    [Fact]
    public async Task A_secret_file_is_read_at_every_post_so_a_rotated_secret_signs_the_next_one()
    {
        var file = Data.Combine("psa.secret");
        await File.WriteAllTextAsync(file, Secret + "\n");
        await using var harness = Harness("webhook", s => s.SecretFile(file));

        await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(7)), "webhook");
        var first = Received("webhook");
        await File.WriteAllTextAsync(file, "rotated-secret-0123456789");
        await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(8)), "webhook");
        var second = Received("webhook");

        Assert.Equal(Expected(Secret, first.Headers["X-BackupHealth-Timestamp"], first.RawBody), first.Headers["X-BackupHealth-Signature"]);
        Assert.Equal(Expected("rotated-secret-0123456789", second.Headers["X-BackupHealth-Timestamp"], second.RawBody), second.Headers["X-BackupHealth-Signature"]);
    }

    [Fact]
    public async Task A_secret_file_gone_after_start_fails_the_post_naming_the_file_not_the_secret()
    {
        var file = Data.Combine("psa.secret");
        await File.WriteAllTextAsync(file, Secret);
        await using var harness = Harness("webhook", s => s.SecretFile(file));
        File.Delete(file);

        harness.Enqueue(Contoso(harness.ContosoSiteId, ChatSamples.Job(7)));
        await harness.PassAsync();

        Assert.Empty(Receiver.Requests);
        var row = Assert.Single(harness.Rows());
        Assert.Equal("pending", row.State);
        Assert.Contains("psa.secret", row.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, row.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("slack")]
    [InlineData("teams")]
    public async Task Without_a_secret_nothing_is_signed_and_every_post_names_the_collector(string type)
    {
        await using var harness = Harness(type);

        await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(7)), type);

        var request = Received(type);
        Assert.False(request.Headers.ContainsKey("X-BackupHealth-Signature"));
        Assert.False(request.Headers.ContainsKey("X-BackupHealth-Timestamp"));
        Assert.Matches(UserAgent(), request.Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_user_agent_in_the_channels_headers_replaces_the_collectors()
    {
        await using var harness = Harness("webhook", s => s.Set("Channels:0:Headers:User-Agent", "PSA-Gateway/2"));

        await SendAsync(harness, Contoso(harness.ContosoSiteId, ChatSamples.Job(7)), "webhook");

        Assert.Equal("PSA-Gateway/2", Received("webhook").Headers["User-Agent"]);
    }

    /// <summary>What a receiver computes: the hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the timestamp,
    /// a dot and the body as received.</summary>
    private static string Expected(string secret, string timestamp, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(timestamp + "."), .. body]));

    [GeneratedRegex(@"^BackupHealth-Collector/\d+\.\d+\.\d+$")]
    private static partial Regex UserAgent();
}
