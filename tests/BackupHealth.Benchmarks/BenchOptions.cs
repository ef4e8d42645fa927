using System.Globalization;

namespace BackupHealth.Benchmarks;

internal sealed class BenchOptions
{
    public List<string> Scenarios { get; } = [];

    public int[] Agents { get; private set; } = [1, 100, 1000];

    public int Observations { get; private set; } = 200_000;

    public int IdleSeconds { get; private set; } = 60;

    /// <summary>Timed repetitions of each dashboard query.</summary>
    public int Iterations { get; private set; } = 200;

    /// <summary>Sizes of the XVA archives written for the xva scenario; throughput is timed on the largest, memory on each.</summary>
    public int[] XvaGiB { get; private set; } = [1, 4];

    public bool Run(string scenario) => Scenarios.Count == 0 || Scenarios.Contains(scenario);

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
                case "--xva-gib":
                    options.XvaGiB = args[++i].Split(',').Select(a => int.Parse(a, CultureInfo.InvariantCulture)).Order().ToArray();
                    break;
                case "--iterations":
                    options.Iterations = int.Parse(args[++i], CultureInfo.InvariantCulture);
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
