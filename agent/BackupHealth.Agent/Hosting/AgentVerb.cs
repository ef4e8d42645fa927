namespace BackupHealth.Agent.Hosting;

internal enum AgentVerb
{
    Run,
    Check,
    Help,
}
