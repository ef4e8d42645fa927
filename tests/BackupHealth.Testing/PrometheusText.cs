using System.Globalization;
using System.Text;

namespace BackupHealth.Testing;

/// <summary>One sample of a Prometheus text exposition: <c>name{label="value",…} 42</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads the Prometheus text format (version 0.0.4) a scrape returns, so tests assert values, not strings.</summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyList<PrometheusSample> samples) => Samples = samples;

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<PrometheusSample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseLine(line));
        }

        return new PrometheusText(samples);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    public IReadOnlyList<PrometheusSample> Find(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();

    /// <summary>The value of the one sample that matches; fails when none or several do.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var found = Find(name, labels);
        return found.Count == 1
            ? found[0].Value
            : throw new InvalidOperationException(
                $"{found.Count} samples of {name} match {string.Join(",", labels.Select(l => $"{l.Label}={l.Value}"))}; samples of that name: "
                + string.Join(" | ", Samples.Where(s => s.Name == name).Select(s => string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}")) + " " + s.Value)));
    }

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            rest = ParseLabels(line, brace + 1, labels);
        }
        else
        {
            name = line[..space];
            rest = space;
        }

        var value = line[rest..].Trim().Split(' ')[0];
        return new PrometheusSample(name, labels, value switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
        });
    }

    /// <returns>The index just after the closing brace.</returns>
    private static int ParseLabels(string line, int i, Dictionary<string, string> labels)
    {
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var key = line[i..equals].Trim(',', ' ');
            i = equals + 2; // past ="
            var value = new StringBuilder();
            while (line[i] != '"')
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }

                i++;
            }

            labels[key] = value.ToString();
            i++;
            if (line[i] == ',')
            {
                i++;
            }
        }

        return i + 1;
    }
}
