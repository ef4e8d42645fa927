using BackupHealth.Collector.Tests.Support;
using BackupHealth.Testing;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Tests.Notify;

/// <summary>A channel's signing secret is checked at start: Secret or SecretFile, not both; at least 16 characters;
/// the file there and not empty. The collector does not start otherwise, and says which setting, never the secret.</summary>
public sealed class SecretSettingsTests : IDisposable
{
    private const string Key = "Collector:Notify:Channels:0";
    private const string Short = "too-short-1234";

    private readonly TempDirectory _data = new("bh-notify");

    public void Dispose() => _data.Dispose();

    [Theory]
    [InlineData("both", $"{Key}:Secret: set either Secret or SecretFile, not both", "")]
    [InlineData("short", $"{Key}:Secret: must be at least 16 characters", "")]
    [InlineData("missing", $"{Key}:SecretFile: '", "psa.secret' does not exist")]
    [InlineData("empty", $"{Key}:SecretFile: '", "psa.secret' is empty")]
    [InlineData("short-file", $"{Key}:SecretFile: the secret in '", "psa.secret' must be at least 16 characters")]
    [InlineData("email", $"{Key}:Secret: only webhook, slack and teams channels sign what they send", "")]
    public async Task A_bad_secret_setting_stops_the_collector_at_start_naming_it(string problem, string start, string end)
    {
        var file = _data.Combine("psa.secret");
        var settings = problem == "email"
            ? new NotifySettings().Email("psa", 25, ["noc@msp.example"]).Secret("a-secret-long-enough-for-it")
            : new NotifySettings().Webhook("psa", new Uri("https://psa.example/hooks/bh"));
        _ = problem switch
        {
            "both" => settings.Secret("a-secret-long-enough-for-it").SecretFile(Write(file, "another-long-enough-secret")),
            "short" => settings.Secret(Short),
            "missing" => settings.SecretFile(file),
            "empty" => settings.SecretFile(Write(file, " \n")),
            "short-file" => settings.SecretFile(Write(file, Short + "\n")),
            _ => settings,
        };
        var (app, _, _) = TestCollector.Build(_data, s => settings.Route("*", "Warning", "psa").ApplyTo(s));
        await using (app)
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            var failure = Assert.Single(error.Failures, f => f.StartsWith(Key + ":Secret", StringComparison.Ordinal));
            Assert.StartsWith(start, failure, StringComparison.Ordinal);
            Assert.EndsWith(end, failure, StringComparison.Ordinal);
            Assert.DoesNotContain(Short, failure, StringComparison.Ordinal);
            Assert.DoesNotContain("long-enough", failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_good_secret_file_lets_it_start()
    {
        var file = Write(_data.Combine("psa.secret"), "a-secret-long-enough-for-it\n");
        var (app, _, errors) = TestCollector.Build(_data, s => new NotifySettings()
            .Webhook("psa", new Uri("https://psa.example/hooks/bh")).SecretFile(file).Route("*", "Warning", "psa").ApplyTo(s));
        await using (app)
        {
            await app.StartAsync();
            await app.StopAsync();
        }

        errors.AssertNone();
    }

    private static string Write(string file, string text)
    {
        File.WriteAllText(file, text);
        return file;
    }
}
