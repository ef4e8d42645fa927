using System.Globalization;

namespace BackupHealth.Benchmarks;

internal sealed class BenchOptions
{
    public List<string> Scenarios { get; } = [];

    public int[] Agents { get; private set; } = [1, 100, 1000];

    public int Observations { get; private set; } = 200_000;

    /// <summary>ingest: how many times each agent count is measured against both servers (medians are printed).</summary>
    public int Repeat { get; private set; } = 3;

    public int IdleSeconds { get; private set; } = 60;

    /// <summary>Timed repetitions of each dashboard query.</summary>
    public int Iterations { get; private set; } = 200;

    /// <summary>Sizes of the XVA archives written for the xva scenario; throughput is timed on the largest, memory on each.</summary>
    public int[] XvaGiB { get; private set; } = [1, 4];

    /// <summary>aot-agent: how long the published agent is measured idle (the issue asks for 10 minutes).</summary>
    public double Minutes { get; private set; } = 10;

    /// <summary>aot-agent: the published executable; empty means build.ps1 publish's output for this machine.</summary>
    public string AgentPath { get; private set; } = "";

    /// <summary>aot-agent: size of the XVA export the agent verifies after the idle period.</summary>
    public int ExportGiB { get; private set; } = 4;

    /// <summary>soak: how long the whole soak runs, the first <see cref="SoakQuietMinutes"/> without the attackers.</summary>
    public double SoakMinutes { get; private set; } = 30;

    public double SoakQuietMinutes { get; private set; } = 3;

    /// <summary>soak: simulated agents at a realistic rate, each from its own loopback address.</summary>
    public int SoakAgents { get; private set; } = 1000;

    /// <summary>soak: wrong sign-ins per second from one address.</summary>
    public int SignInsPerSecond { get; private set; } = 200;

    /// <summary>Scenarios that run only when named: they need a published build or take minutes.</summary>
    private static readonly string[] OnlyWhenNamed = ["aot-agent", "soak"];

    public bool Run(string scenario) => Scenarios.Count == 0 ? !OnlyWhenNamed.Contains(scenario) : Scenarios.Contains(scenario);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--agents":
                    options.Agents = args[++i].Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
                    break;
                case "--observations":
                    options.Observations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--repeat":
                    options.Repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--xva-gib":
                    options.XvaGiB = args[++i].Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).Order().ToArray();
                    break;
                case "--iterations":
                    options.Iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--minutes":
                    options.Minutes = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--agent":
                    options.AgentPath = args[++i];
                    break;
                case "--export-gib":
                    options.ExportGiB = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--soak-minutes":
                    options.SoakMinutes = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--soak-quiet-minutes":
                    options.SoakQuietMinutes = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--soak-agents":
                    options.SoakAgents = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--sign-ins-per-second":
                    options.SignInsPerSecond = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--idle-seconds":
                    options.IdleSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    options.Scenarios.Add(args[i]);
                    break;
            }
        }

        return options;
    }
}
