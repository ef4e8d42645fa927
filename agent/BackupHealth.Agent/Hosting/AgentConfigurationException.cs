namespace BackupHealth.Agent.Hosting;

/// <summary>Configuration the agent cannot start with. Each error names the setting, e.g.
/// <c>Probes:1:Type: unknown probe type 'filez' (known: files)</c>.</summary>
internal sealed class AgentConfigurationException : Exception
{
    public AgentConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public AgentConfigurationException()
        : this([])
    {
    }

    public AgentConfigurationException(string message)
        : this([message])
    {
    }

    public AgentConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public IReadOnlyList<string> Errors { get; }
}
