using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BackupHealth.Testing;

namespace BackupHealth.IntegrationTests;

/// <summary>The real agent executable (the build output that sits beside the tests), run as its own process so a
/// test can kill it hard, as a power cut or the OOM killer would.</summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process)
    {
        _process = process;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The <c>Agent</c> section of a test agent's config: its id, data folder, the collector with the test
    /// token and the test CA, quick reconnects, and the heartbeat interval when given.</summary>
    public static Dictionary<string, string> Section(string dataPath, Uri collector, string id, string? heartbeatInterval = null)
    {
        var section = new Dictionary<string, string>
        {
            ["Id"] = id,
            ["DataPath"] = dataPath,
            ["CollectorUrl"] = collector.ToString(),
            ["CollectorCaFile"] = CollectorCaFile(dataPath),
            ["Token"] = CollectorServer.Token,
            ["ReconnectMinDelay"] = "00:00:00.050",
            ["ReconnectMaxDelay"] = "00:00:00.500",
        };
        if (heartbeatInterval is not null)
        {
            section["HeartbeatInterval"] = heartbeatInterval;
        }

        return section;
    }

    /// <summary>The test CA as a PEM file beside the agent's data folder <paramref name="dataPath"/>, for its
    /// <c>Agent:CollectorCaFile</c>: the test collectors present a server certificate it signed.</summary>
    public static string CollectorCaFile(string dataPath) => TestTls.WriteCa(Path.GetDirectoryName(Path.GetFullPath(dataPath))!);

    /// <summary>Writes <paramref name="config"/> as the agent's JSON config file and starts `backuphealth-agent run`.</summary>
    public static AgentProcess Start(string configPath, object config, params string[] verbAndArgs) =>
        Start(null, configPath, config, verbAndArgs);

    /// <summary>As <see cref="Start(string, object, string[])"/>, but the published executable
    /// <paramref name="executable"/> (NativeAOT) rather than the build output run by <c>dotnet</c>.</summary>
    public static AgentProcess StartExecutable(string executable, string configPath, object config, params string[] verbAndArgs) =>
        Start(executable, configPath, config, verbAndArgs);

    private static AgentProcess Start(string? executable, string configPath, object config, string[] verbAndArgs)
    {
        File.WriteAllText(configPath, JsonSerializer.Serialize(config, JsonOptions));
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        if (executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "backuphealth-agent.dll"));
        }

        foreach (var arg in verbAndArgs.Length == 0 ? ["run"] : verbAndArgs)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
