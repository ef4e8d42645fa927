namespace BackupHealth.Agent.Enrolment;

/// <summary>Enrolment cannot go on; the message is the one line the operator sees, naming the step and why.</summary>
internal sealed class EnrolmentException : Exception
{
    public EnrolmentException()
    {
    }

    public EnrolmentException(string message)
        : base(message)
    {
    }

    public EnrolmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
