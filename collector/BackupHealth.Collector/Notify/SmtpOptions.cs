using MailKit.Security;

namespace BackupHealth.Collector.Notify;

/// <summary>The <c>Smtp</c> part of an e-mail channel.</summary>
internal sealed class SmtpOptions
{
    public const string DefaultSecurity = SmtpSecurity.StartTls;

    public string Host { get; set; } = "";

    /// <summary>0 (or unset) picks the usual port for <see cref="Security"/>: 465 for SslOnConnect, 25 for None,
    /// 587 otherwise.</summary>
    public int Port { get; set; }

    /// <summary>StartTls (the default: refuse to send unless the server upgrades to TLS), SslOnConnect, None or
    /// Auto (TLS on 465, else STARTTLS when the server offers it).</summary>
    public string Security { get; set; } = DefaultSecurity;

    /// <summary>Authenticate only when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public int EffectivePort => Port != 0 ? Port
        : SmtpSecurity.Equal(Security, SmtpSecurity.SslOnConnect) ? 465
        : SmtpSecurity.Equal(Security, SmtpSecurity.None) ? 25
        : 587;
}

/// <summary>The values of <c>Smtp:Security</c> (case-insensitive) and what MailKit does for each.</summary>
internal static class SmtpSecurity
{
    public const string StartTls = "StartTls";
    public const string SslOnConnect = "SslOnConnect";
    public const string None = "None";
    public const string Auto = "Auto";

    public static readonly IReadOnlyList<string> All = [StartTls, SslOnConnect, None, Auto];

    public static bool IsKnown(string? value) => All.Any(v => Equal(v, value));

    public static bool Equal(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static SecureSocketOptions ToMailKit(string value) =>
        Equal(value, SslOnConnect) ? SecureSocketOptions.SslOnConnect
        : Equal(value, None) ? SecureSocketOptions.None
        : Equal(value, Auto) ? SecureSocketOptions.Auto
        : SecureSocketOptions.StartTls;
}
