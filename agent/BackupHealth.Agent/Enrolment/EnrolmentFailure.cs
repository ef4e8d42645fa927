using Grpc.Core;

namespace BackupHealth.Agent.Enrolment;

/// <summary>Words a refused or failed enrolment call as one line: the step, then why, then what to do.</summary>
internal static class EnrolmentFailure
{
    public const string UnknownToken = "the token is unknown, used up, expired or revoked — ask for a new one";

    public static EnrolmentException From(string step, Uri collector, RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var why = exception.StatusCode switch
        {
            StatusCode.Unauthenticated or StatusCode.PermissionDenied => UnknownToken,
            StatusCode.InvalidArgument => $"the collector refused the request: {Detail(exception)}",
            StatusCode.ResourceExhausted => $"the collector refuses enrolments from this address for now (too many failures): try again later ({Detail(exception)})",
            StatusCode.Unimplemented => $"the collector at {collector} does not offer enrolment (an older version?)",
            StatusCode.Unavailable or StatusCode.DeadlineExceeded => $"cannot reach the collector at {collector}: {Detail(exception)}",
            _ => $"{exception.StatusCode}: {Detail(exception)}",
        };
        return new EnrolmentException($"{step}: {why}", exception);
    }

    /// <summary>The status detail and, for a failed connect, the cause (e.g. the TLS error) the detail hides.</summary>
    public static string Detail(RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var detail = string.IsNullOrEmpty(exception.Status.Detail) ? exception.StatusCode.ToString() : exception.Status.Detail;
        var cause = exception.Status.DebugException;
        while (cause?.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return cause is null ? detail : $"{detail} ({cause.Message})";
    }
}
