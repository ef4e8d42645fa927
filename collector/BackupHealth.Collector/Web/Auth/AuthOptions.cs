using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>The <c>Collector:Auth</c> configuration section: sessions, lock-out per user and address, and the first admin.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Collector:Auth";
    public const string DefaultSessionLifetime = "12:00:00";
    public const int DefaultLockoutThreshold = 5;
    public const string DefaultLockoutDuration = "00:05:00";
    public const string DefaultLockoutMaxDuration = "01:00:00";

    /// <summary>A session ends after this long without a request (sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.Parse(DefaultSessionLifetime, CultureInfo.InvariantCulture);

    /// <summary>Wrong passwords in a row for one user from one source address before that user is locked out at that
    /// address for <see cref="LockoutDuration"/>; the same user at another address is not affected.</summary>
    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = DefaultLockoutThreshold;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.Parse(DefaultLockoutDuration, CultureInfo.InvariantCulture);

    /// <summary>Each further wrong password after a lock doubles the next lock, up to this; after this long without a
    /// failure the count starts again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan LockoutMaxDuration { get; set; } = TimeSpan.Parse(DefaultLockoutMaxDuration, CultureInfo.InvariantCulture);

    /// <summary>Created at start when the database has no user yet; ignored once any user exists.</summary>
    [ValidateObjectMembers]
    public InitialAdminOptions InitialAdmin { get; set; } = new();
}

/// <summary><c>Collector:Auth:InitialAdmin</c>: the first admin's name and a file holding its password (never the
/// password itself in configuration, and never a built-in default).</summary>
internal sealed class InitialAdminOptions
{
    [MaxLength(UserAccounts.MaxNameLength)]
    public string? Username { get; set; }

    public string? PasswordFile { get; set; }
}
