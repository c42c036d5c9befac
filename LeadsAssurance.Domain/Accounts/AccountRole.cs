namespace LeadsAssurance.Domain.Accounts;

/// <summary>What an account does on the marketplace. Fixed at creation.</summary>
public enum AccountRole
{
    Admin,
    Provider,
    Broker,
}

/// <summary>Whether an account may use the marketplace.</summary>
public enum AccountStatus
{
    Pending,
    Active,
    Suspended,
}

/// <summary>Role names as used in claims and authorization policies.</summary>
public static class Roles
{
    public const string Admin = nameof(AccountRole.Admin);
    public const string Provider = nameof(AccountRole.Provider);
    public const string Broker = nameof(AccountRole.Broker);
}
