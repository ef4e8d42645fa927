using System.CommandLine;

namespace BackupHealth.CommandLine;

/// <summary>A verb's one positional value (<c>verify FILE</c>), with the operator's words for when it is missing.</summary>
internal sealed class ValueArgument : Argument<string>
{
    public ValueArgument(string name, string needs)
        : base(name)
    {
        Needs = needs;
    }

    /// <summary>The whole error when the value is missing, e.g. "verify needs the .xva file to verify".</summary>
    public string Needs { get; }
}
