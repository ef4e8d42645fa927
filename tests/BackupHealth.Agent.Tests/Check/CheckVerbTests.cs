using System.Text.Json;
using BackupHealth.Agent.Check;
using BackupHealth.Agent.Hosting;
using BackupHealth.Testing;

namespace BackupHealth.Agent.Tests.Check;

/// <summary>The check verb end to end in-process: a real settings file, a real folder of backup files.</summary>
public sealed class CheckVerbTests : IDisposable
{
    private readonly TempDirectory _temp = new("check");

    public CheckVerbTests()
    {
        Directory.CreateDirectory(Share);
    }

    private string Share => _temp.Combine("share");

    public void Dispose() => _temp.Dispose();

    private string Config(string probes)
    {
        var path = _temp.Combine("agent.json");
        File.WriteAllText(path, $$"""
            { "Agent": { "DataPath": {{JsonSerializer.Serialize(_temp.Combine("data"))}} }, "Probes": [ {{probes}} ] }
            """);
        return path;
    }

    private static string FilesProbe(string name, string path, string extra = "") =>
        $$"""{ "Type": "files", "Name": "{{name}}", "Path": {{JsonSerializer.Serialize(path)}}, "Pattern": "**/*.vbk" {{extra}} }""";

    private void WriteFile(string name, int size, TimeSpan age)
    {
        var path = Path.Combine(Share, name);
        File.WriteAllBytes(path, new byte[size]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
    }

    private static string[] Cells(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static async Task<(int ExitCode, string Out, string Err)> Check(string configPath, bool json = false)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CheckVerb.RunAsync(new AgentCommandLine(AgentVerb.Check, configPath, json), stdout, stderr, CancellationToken.None);
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Healthy_backups_exit_0_with_a_summary_first_line_and_one_row_for_the_job()
    {
        WriteFile("mon.vbk", 4096, TimeSpan.FromHours(30));
        WriteFile("tue.vbk", 8192, TimeSpan.FromHours(6));

        var (exitCode, output, _) = await Check(Config(FilesProbe("nas", Share, """, "MaxAge": "1.02:00:00", "JobName": "Veeam to NAS" """)));

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("BACKUPHEALTH OK - 1 ok | failed=0 warning=0 error=0 ok=1", lines[0]);
        Assert.Equal(["PROBE", "JOB", "STATUS", "TIME", "(UTC)", "SIZE", "RUNS", "MESSAGE"], Cells(lines[1]));
        Assert.Equal(3, lines.Length);
        Assert.Contains("Veeam to NAS  SUCCESS", lines[2], StringComparison.Ordinal);
        Assert.Contains("8.0 KiB  2", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_old_shrunken_backup_with_healthy_newer_ones_exits_0()
    {
        WriteFile("thu.vbk", 10, TimeSpan.FromDays(5));
        WriteFile("fri.vbk", 4096, TimeSpan.FromDays(4));
        WriteFile("tue.vbk", 4096, TimeSpan.FromHours(6));

        var (exitCode, output, _) = await Check(Config(FilesProbe("nas", Share, """, "MinSizeBytes": 1024 """)));

        Assert.Equal(0, exitCode);
        Assert.StartsWith("BACKUPHEALTH OK - 1 ok | failed=0 warning=0 error=0 ok=1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("smaller than MinSizeBytes", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_job_exits_2_even_though_its_newest_file_is_fine()
    {
        WriteFile("mon.vbk", 4096, TimeSpan.FromDays(3));
        WriteFile("tue.vbk", 4096, TimeSpan.FromDays(2));

        var (exitCode, output, _) = await Check(Config(FilesProbe("nas", Share, """, "MaxAge": "1.02:00:00" """)));

        Assert.Equal(2, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("BACKUPHEALTH CRITICAL - 1 failed |", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines[2..]);
        Assert.Contains("FAILED", row, StringComparison.Ordinal);
        Assert.Contains("newest backup file is", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_has_one_row_per_job_with_its_run_count_and_a_row_per_probe_error()
    {
        var other = _temp.Combine("other");
        Directory.CreateDirectory(other);
        WriteFile("mon.vbk", 4096, TimeSpan.FromDays(2));
        WriteFile("tue.vbk", 4096, TimeSpan.FromDays(1));
        WriteFile("wed.vbk", 4096, TimeSpan.FromHours(6));
        File.WriteAllBytes(Path.Combine(other, "a.vbk"), new byte[4096]);

        var (exitCode, output, _) = await Check(Config(
            $"{FilesProbe("nas", Share)}, {FilesProbe("usb", other)}, {FilesProbe("tape", _temp.Combine("gone"))}"));

        Assert.Equal(3, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - 1 probe error, 2 ok |", lines[0], StringComparison.Ordinal);
        var rows = lines[2..].Select(Cells).ToList();
        Assert.Equal(["nas", "usb", "tape"], rows.Select(r => r[0]));
        Assert.Equal(["SUCCESS", "SUCCESS", "ERROR"], rows.Select(r => r[2]));
        Assert.Equal(["3", "1"], rows.Take(2).Select(r => r[7]));
    }

    [Fact]
    public async Task Shrunken_backup_exits_2()
    {
        WriteFile("tue.vbk", 10, TimeSpan.FromHours(6));

        var (exitCode, output, _) = await Check(Config(FilesProbe("nas", Share, """, "MinSizeBytes": 1024 """)));

        Assert.Equal(2, exitCode);
        Assert.StartsWith("BACKUPHEALTH CRITICAL - 1 failed |", output, StringComparison.Ordinal);
        Assert.Contains("smaller than MinSizeBytes 1024", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreadable_source_exits_3_and_names_the_folder()
    {
        WriteFile("tue.vbk", 4096, TimeSpan.FromHours(6));
        var missing = _temp.Combine("not-mounted");

        var (exitCode, output, _) = await Check(Config($"{FilesProbe("nas", Share)}, {FilesProbe("usb", missing)}"));

        Assert.Equal(3, exitCode);
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - 1 probe error, 1 ok |", output, StringComparison.Ordinal);
        Assert.Contains(missing, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_exits_3_with_a_plugin_status_line_naming_the_setting()
    {
        var (exitCode, output, errors) = await Check(Config("""{ "Type": "filez", "Name": "x" }"""));

        Assert.Equal(3, exitCode);
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - cannot check: Probes:0:Type: unknown probe type 'filez' (known: ", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', output.Trim());
        Assert.StartsWith("error: Probes:0:Type: unknown probe type 'filez' (known: ", errors.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', errors.Trim());
    }

    [Fact]
    public async Task Missing_config_file_exits_3_with_a_plugin_status_line()
    {
        var (exitCode, output, errors) = await Check(_temp.Combine("nope.json"));

        Assert.Equal(3, exitCode);
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - cannot check: --config: file ", output, StringComparison.Ordinal);
        Assert.StartsWith("error: --config: file", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_configuration_with_json_is_an_unknown_verdict_listing_the_errors()
    {
        var (exitCode, output, _) = await Check(Config("""{ "Type": "filez", "Name": "x" }"""), json: true);

        Assert.Equal(3, exitCode);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("UNKNOWN", document.RootElement.GetProperty("status").GetString());
        Assert.StartsWith("BACKUPHEALTH UNKNOWN - cannot check: Probes:0:Type:", document.RootElement.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Single(document.RootElement.GetProperty("errors").EnumerateArray());
    }

    [Fact]
    public async Task Json_output_parses_and_holds_observations_and_probe_states()
    {
        WriteFile("tue.vbk", 10, TimeSpan.FromHours(6));

        var (exitCode, output, _) = await Check(
            Config($"{FilesProbe("nas", Share, """, "MinSizeBytes": 1024 """)}, {FilesProbe("usb", _temp.Combine("gone"))}"), json: true);

        Assert.Equal(2, exitCode);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal("CRITICAL", root.GetProperty("status").GetString());
        Assert.Equal(2, root.GetProperty("exitCode").GetInt32());
        var observation = Assert.Single(root.GetProperty("observations").EnumerateArray());
        Assert.Equal("RUN_STATUS_FAILED", observation.GetProperty("status").GetString());
        Assert.Equal("tue.vbk", observation.GetProperty("attributes").GetProperty("path").GetString());
        Assert.Equal("10", observation.GetProperty("sizeBytes").GetString());
        var probes = root.GetProperty("probes").EnumerateArray().ToList();
        Assert.Equal(["ok", "error"], probes.Select(p => p.GetProperty("state").GetString()));
        Assert.Contains("gone", probes[1].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_keeps_every_observation_and_adds_one_job_entry_with_its_current_state()
    {
        WriteFile("mon.vbk", 10, TimeSpan.FromDays(2));
        WriteFile("tue.vbk", 4096, TimeSpan.FromHours(6));
        var newest = File.GetLastWriteTimeUtc(Path.Combine(Share, "tue.vbk"));

        var (exitCode, output, _) = await Check(
            Config(FilesProbe("nas", Share, """, "MinSizeBytes": 1024, "JobName": "Veeam to NAS" """)), json: true);

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(
            ["RUN_STATUS_FAILED", "RUN_STATUS_SUCCESS"],
            root.GetProperty("observations").EnumerateArray().Select(o => o.GetProperty("status").GetString()).Order(StringComparer.Ordinal));
        var job = Assert.Single(root.GetProperty("jobs").EnumerateArray());
        Assert.Equal("nas", job.GetProperty("probe").GetString());
        Assert.Equal("nas", job.GetProperty("jobKey").GetString());
        Assert.Equal("Veeam to NAS", job.GetProperty("jobName").GetString());
        Assert.Equal("SUCCESS", job.GetProperty("status").GetString());
        Assert.EndsWith("Z", job.GetProperty("time").GetString(), StringComparison.Ordinal);
        Assert.Equal(newest, job.GetProperty("time").GetDateTime().ToUniversalTime());
        Assert.Equal(4096, job.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("", job.GetProperty("message").GetString());
        Assert.Equal(2, job.GetProperty("runs").GetInt32());
    }

    [Fact]
    public async Task Check_writes_nothing_to_the_data_folder()
    {
        WriteFile("tue.vbk", 4096, TimeSpan.FromHours(6));

        await Check(Config(FilesProbe("nas", Share)));

        Assert.False(Directory.Exists(_temp.Combine("data")));
    }
}
