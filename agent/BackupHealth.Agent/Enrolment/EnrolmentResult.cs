namespace BackupHealth.Agent.Enrolment;

/// <summary>Who the collector enrolled this agent as, and until when its certificate is valid.</summary>
internal sealed record EnrolmentResult(string AgentId, string Customer, string Site, DateTimeOffset NotAfter)
{
    public string Summary => $"enrolled as {AgentId} of {Customer} / {Site}, certificate valid until {NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
}
