using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupHealth.Testing;

namespace BackupHealth.Collector.Tests.Telemetry.Prometheus;

/// <summary>A real Prometheus process on 127.0.0.1 (a free port), configured with the documented scrape
/// configuration and rules, pointed at a test collector. It scrapes and evaluates every second instead of the
/// documented minute, and stops by itself after <see cref="Lifetime"/> should the test never stop it.</summary>
internal sealed partial class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _folder = new("bh-prometheus");
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http;
    private readonly Process _process;

    private PrometheusServer(Uri target, string token)
    {
        File.WriteAllText(_folder.Combine("backuphealth.token"), token);
        File.WriteAllText(_folder.Combine(DocumentedPrometheus.RulesFileName), DocumentedPrometheus.Rules);
        File.WriteAllText(_folder.Combine("ca.crt"), TestTls.Ca.ExportCertificatePem());
        File.WriteAllText(_folder.Combine("prometheus.yml"), Configuration(target, _folder.Combine("backuphealth.token"), _folder.Combine("ca.crt")));
        var port = LoopbackPorts.GetFree();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        _process = ExternalProgram.Start("timeout", "coreutils",
        [
            $"{Lifetime.TotalSeconds:F0}", ExternalProgram.Find("prometheus", DocumentedPrometheus.Package),
            $"--config.file={_folder.Combine("prometheus.yml")}",
            $"--storage.tsdb.path={_folder.Combine("data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ], _folder.Path, _output);
    }

    public string Output => ExternalProgram.Read(_output);

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (the collector's web address) with
    /// <paramref name="token"/>, and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target, string token)
    {
        var server = new PrometheusServer(target, token);
        await Poll.UntilAsync(server.IsReadyAsync, ready => ready, "Prometheus is ready", diagnostics: () => server.Output);
        return server;
    }

    /// <summary>The documented prometheus.yml with only what a test must change: the target, the token and CA files,
    /// and one-second scrape and evaluation intervals.</summary>
    public static string Configuration(Uri target, string tokenFile, string caFile)
    {
        ArgumentNullException.ThrowIfNull(target);
        var text = DocumentedPrometheus.ScrapeConfig;
        text = ReplaceOnce(text, ScrapeInterval(), "scrape_interval: 1s");
        text = ReplaceOnce(text, CredentialsFile(), $"credentials_file: {tokenFile}");
        text = ReplaceOnce(text, CaFile(), $"ca_file: {caFile}");
        text = ReplaceOnce(text, Targets(), $"targets: [\"{target.Authority}\"]");
        return "global:\n  evaluation_interval: 1s\n" + text;
    }

    /// <summary>The result of an instant query: each series' labels and value.</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, double Value)>> QueryAsync(string query)
    {
        using var data = await GetDataAsync($"api/v1/query?query={Uri.EscapeDataString(query)}");
        return [.. data.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(series => (Labels(series.GetProperty("metric")), double.Parse(series.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>The alerts Prometheus's rule evaluation holds now (pending or firing).</summary>
    public async Task<IReadOnlyList<(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations, string State)>> AlertsAsync()
    {
        using var data = await GetDataAsync("api/v1/alerts");
        return [.. data.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
            .Select(alert => (Labels(alert.GetProperty("labels")), Labels(alert.GetProperty("annotations")), alert.GetProperty("state").GetString()!))];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        _folder.Dispose();
    }

    private async Task<bool> IsReadyAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Prometheus exited with code {_process.ExitCode}:\n{Output}");
        }

        try
        {
            using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<JsonDocument> GetDataAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(body) : throw new InvalidOperationException($"{path}: {response.StatusCode} {body}");
    }

    private static Dictionary<string, string> Labels(JsonElement labels) =>
        labels.EnumerateObject().ToDictionary(label => label.Name, label => label.Value.GetString()!);

    private static string ReplaceOnce(string text, Regex pattern, string replacement)
    {
        var count = pattern.Count(text);
        return count == 1
            ? pattern.Replace(text, replacement)
            : throw new InvalidOperationException($"{DocumentedPrometheus.Document}: expected one '{pattern}' in the scrape configuration, found {count}");
    }

    [GeneratedRegex(@"scrape_interval: \S+")]
    private static partial Regex ScrapeInterval();

    [GeneratedRegex(@"credentials_file: \S+")]
    private static partial Regex CredentialsFile();

    [GeneratedRegex(@"ca_file: \S+")]
    private static partial Regex CaFile();

    [GeneratedRegex(@"targets: \[[^\]]*\]")]
    private static partial Regex Targets();
}
