namespace BackupHealth.Collector.Store;

/// <summary>Whose a change is, so that the live pages tell each user only of changes they may see: one customer's
/// (told to users who see that customer) or, when it is not one customer's (a silence for every customer) or the
/// customer is not known, <see cref="Unlimited"/> (told only to users who see every customer).</summary>
internal readonly record struct ChangeScope
{
    private ChangeScope(string? customer) => Customer = customer;

    /// <summary>The customer whose data changed; null for <see cref="Unlimited"/>.</summary>
    public string? Customer { get; }

    public static ChangeScope Unlimited { get; }

    public static ChangeScope OfCustomer(string customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new(customer);
    }

    /// <summary><see cref="OfCustomer"/>, or <see cref="Unlimited"/> for no customer.</summary>
    public static ChangeScope OfOptional(string? customer) => customer is null ? Unlimited : new(customer);
}
