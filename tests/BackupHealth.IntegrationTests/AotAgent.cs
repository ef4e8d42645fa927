namespace BackupHealth.IntegrationTests;

/// <summary>The NativeAOT agent executable that <c>build.ps1 test</c> publishes before the tests run and names in
/// <see cref="Variable"/>. A plain <c>dotnet test</c> publishes nothing, so these tests are skipped there.</summary>
internal static class AotAgent
{
    public const string Variable = "BACKUPHEALTH_AOT_AGENT";

    /// <summary>The executable's path as build.ps1 gave it; null when the variable is not set.</summary>
    public static string? Path => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : null;

    /// <summary>The executable, failing the test (not skipping it) when build.ps1 named one that is not there.</summary>
    public static string Executable()
    {
        var path = Path ?? throw new InvalidOperationException($"{Variable} is not set");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"{Variable} names {path}, but no agent executable is there: the NativeAOT publish in build.ps1 test did not produce it.", path);
    }
}

/// <summary>A fact about the published NativeAOT agent: skipped, with the reason, when no build named one.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AotAgentFactAttribute : FactAttribute
{
    public AotAgentFactAttribute()
    {
        if (AotAgent.Path is null)
        {
            Skip = $"no NativeAOT agent: build.ps1 test publishes one and sets {AotAgent.Variable}; "
                + "to run this alone: dotnet publish agent/BackupHealth.Agent -c Release -r linux-x64 -o <dir>, "
                + $"then {AotAgent.Variable}=<dir>/backuphealth-agent dotnet test";
        }
    }
}

/// <summary>As <see cref="AotAgentFactAttribute"/> for a theory.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AotAgentTheoryAttribute : TheoryAttribute
{
    public AotAgentTheoryAttribute()
    {
        Skip = new AotAgentFactAttribute().Skip;
    }
}
