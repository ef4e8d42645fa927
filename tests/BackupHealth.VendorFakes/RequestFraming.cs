namespace BackupHealth.VendorFakes;

/// <summary>How one request's body was framed on the wire, as the server saw it.</summary>
/// <param name="ContentLength">The <c>Content-Length</c> header; null when absent (e.g. a chunked body).</param>
/// <param name="TransferEncoding">The <c>Transfer-Encoding</c> header, e.g. <c>chunked</c>; null when absent.</param>
public sealed record RequestFraming(string Method, string Path, long? ContentLength, string? TransferEncoding)
{
    /// <summary>A body sent as a stream of unknown length, which xapi and many appliances refuse.</summary>
    public bool Chunked => TransferEncoding is not null;

    public override string ToString() =>
        $"{Method} {Path} Content-Length: {ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}" +
        (TransferEncoding is null ? "" : $", Transfer-Encoding: {TransferEncoding}");
}
