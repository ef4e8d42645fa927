using System.Globalization;
using System.Security.Claims;

namespace BackupHealth.Collector.Web.Auth;

/// <summary>Who is asking and what they may see, read from the signed-in principal. Pages and queries take
/// <see cref="CustomerIds"/> (null: every customer) so a limited user never sees another customer's data.</summary>
internal sealed record UserAccess(long UserId, string Username, string Role, IReadOnlySet<long>? CustomerIds, IReadOnlySet<string>? CustomerNames)
{
    public const string CustomerIdClaim = "bh:customer-id";
    public const string CustomerNameClaim = "bh:customer";
    public const string StampClaim = "bh:stamp";

    public bool IsAdmin => Role == Roles.Admin;

    public bool CanWorkAlerts => Role is Roles.Admin or Roles.Technician;

    public bool IsLimited => CustomerIds is not null;

    public bool MaySee(string customer) => CustomerNames is null || CustomerNames.Contains(customer);

    public bool MaySee(long customerId) => CustomerIds is null || CustomerIds.Contains(customerId);

    public static ClaimsPrincipal Principal(UserRecord user, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.Username),
            new(ClaimTypes.Role, user.Role),
            new(StampClaim, user.Stamp),
        };
        foreach (var customer in user.Customers)
        {
            claims.Add(new Claim(CustomerIdClaim, customer.Id.ToString(CultureInfo.InvariantCulture)));
            claims.Add(new Claim(CustomerNameClaim, customer.Name));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The access of a signed-in principal; null when it is not one of ours.</summary>
    public static UserAccess? Of(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true
            || !long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }

        var ids = principal.FindAll(CustomerIdClaim).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture)).ToHashSet();
        var names = principal.FindAll(CustomerNameClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new UserAccess(id, principal.Identity.Name ?? "", principal.FindFirstValue(ClaimTypes.Role) ?? Roles.Viewer,
            ids.Count == 0 ? null : ids, names.Count == 0 ? null : names);
    }
}
