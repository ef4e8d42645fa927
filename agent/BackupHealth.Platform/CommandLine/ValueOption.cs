using System.CommandLine;

namespace BackupHealth.CommandLine;

/// <summary>An option that takes one value (<c>--config FILE</c> or <c>--config=FILE</c>) and says in the operator's words
/// what it needs when the value is missing, blank or another option (<c>--config --json</c>, or a setting such as
/// <c>--Collector:DataPath=DIR</c> the parser does not know): "--config needs a file name", not the parser's own
/// sentence, and never a setting taken for a file name.</summary>
internal sealed class ValueOption : Option<string>
{
    public ValueOption(string name, string needs)
        : base(name)
    {
        Needs = needs;
        Validators.Add(result =>
        {
            if (result.Tokens.Any(t => IsNoValue(t.Value)))
            {
                result.AddError(Needs);
            }
        });
    }

    /// <summary>The whole error when the value is missing, e.g. "--root needs a folder"; also when the option is
    /// <see cref="Option.Required"/> and absent.</summary>
    public string Needs { get; }

    /// <summary>Blank, or another option (or a setting) in the place of a value.</summary>
    public static bool IsNoValue(string value) => string.IsNullOrWhiteSpace(value) || value.StartsWith("--", StringComparison.Ordinal);
}
