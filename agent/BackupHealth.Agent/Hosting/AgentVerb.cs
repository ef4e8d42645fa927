namespace BackupHealth.Agent.Hosting;

internal enum AgentVerb
{
    Run,
    Check,
    Verify,
    Enroll,
    Help,
}
