using System.Security.Authentication;
using System.Text.Json;

namespace BackupHealth.Agent.Probes.Shared.Http;

/// <summary>Turns what goes wrong talking to a vendor API into a probe error that says which server and what to do,
/// so an unreachable, slow, refusing or garbled server is a <see cref="ProbeResult.Error"/>, never a crash.</summary>
internal static class ApiProbeErrors
{
    /// <param name="what">The server as the messages name it, e.g. <c>XAPI at https://xen01/</c>.</param>
    /// <param name="read">One run of the probe against the server.</param>
    public static async ValueTask<ProbeResult> RunAsync(
        string what, IApiConnection options, Func<CancellationToken, Task<ProbeResult>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read(cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return ProbeResult.Error(DescribeConnectionFailure(what, options, ex));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProbeResult.Error($"{what} did not answer within RequestTimeout ({options.RequestTimeout})");
        }
        catch (VendorApiException ex)
        {
            return ProbeResult.Error($"{what}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return ProbeResult.Error($"{what} sent an answer the probe cannot read: {ex.Message}");
        }
    }

    private static string DescribeConnectionFailure(string what, IApiConnection options, HttpRequestException ex)
    {
        if (ex.InnerException is AuthenticationException)
        {
            return string.IsNullOrEmpty(options.CertificateThumbprint)
                ? $"{what} presented a certificate this host does not trust ({ex.InnerException.Message}); for the server's self-signed certificate set CertificateThumbprint"
                : $"{what} presented a certificate that does not match CertificateThumbprint";
        }

        return $"cannot reach {what}: {ex.Message}";
    }
}
