namespace BackupHealth.VendorFakes.Veeam;

/// <summary>One request <see cref="VeeamServer"/> received, as a test wants to check it.</summary>
/// <param name="GrantType">For the token endpoint: <c>password</c> or <c>refresh_token</c>.</param>
/// <param name="Status">The status code the fake answered.</param>
public sealed record VeeamRequest(string Method, string Path, string Query, string? ApiVersion, string? GrantType, int Status);
