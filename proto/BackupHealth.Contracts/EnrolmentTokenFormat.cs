namespace BackupHealth.Contracts;

/// <summary>The text of a one-time enrolment token, which the collector issues and the agent reads: <c>bhe_</c> and the
/// base64url (no padding) of the UTF-8 JSON <c>{"url":…,"pin":…,"secret":…}</c> — where the agent connects, the pin of
/// the CA it must find there (empty with a public certificate) and the one-time secret.</summary>
public static class EnrolmentTokenFormat
{
    public const string Prefix = "bhe_";
    public const string UrlMember = "url";
    public const string PinMember = "pin";
    public const string SecretMember = "secret";
}
