using System.Text.Json;

namespace BackupHealth.Agent.Probes.Command;

/// <summary>What a script printed in <see cref="CommandOutputMode.Json"/> mode, in either form: a plain array of runs,
/// or an object of <c>runs</c> and <c>jobs</c>.</summary>
/// <param name="RunsMember">How an element of <see cref="Runs"/> is named in errors: "" for the plain array
/// (<c>[1]</c>), <c>runs</c> for the object form (<c>runs[1]</c>).</param>
internal sealed record CommandJsonOutput(IReadOnlyList<CommandJsonObservation?> Runs, string RunsMember, IReadOnlyList<CommandJsonJob?>? Jobs)
{
    /// <summary>Reads the document, or says why it is none (the text follows the command in the probe error).</summary>
    public static CommandJsonOutput? Read(string stdout, out string problem)
    {
        problem = "";
        var text = stdout.AsSpan().TrimStart(" \t\r\n");
        if (text.Length == 0 || text[0] != '{')
        {
            return ReadArray(stdout, out problem);
        }

        CommandJsonDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(stdout, CommandJsonContext.Default.CommandJsonDocument);
        }
        catch (JsonException ex)
        {
            problem = $"printed JSON that is not an object of \"runs\" and \"jobs\": {ex.Message}";
            return null;
        }

        if (document is null || (document.Runs is null && document.Jobs is null))
        {
            problem = "printed an object without \"runs\" or \"jobs\"";
            return null;
        }

        return new CommandJsonOutput(document.Runs ?? [], "runs", document.Jobs);
    }

    private static CommandJsonOutput? ReadArray(string stdout, out string problem)
    {
        problem = "";
        List<CommandJsonObservation>? printed;
        try
        {
            printed = JsonSerializer.Deserialize(stdout, CommandJsonContext.Default.ListCommandJsonObservation);
        }
        catch (JsonException ex)
        {
            problem = $"printed JSON that is not an array of observations: {ex.Message}";
            return null;
        }

        if (printed is null)
        {
            problem = "printed null instead of an array of observations";
            return null;
        }

        return new CommandJsonOutput(printed, "", null);
    }
}
