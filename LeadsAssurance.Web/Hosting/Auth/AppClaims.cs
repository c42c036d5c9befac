namespace LeadsAssurance.Web.Hosting.Auth;

public static class AppClaims
{
    public const string Status = "la:status";
    public const string ApiKeyId = "la:api_key";
    public const string Company = "la:company";
}

/// <summary>Authorization policy names used by pages, endpoints and the hub.</summary>
public static class Policies
{
    /// <summary>Any approved, not suspended account.</summary>
    public const string Active = "Active";
    /// <summary>Any account that is not suspended, a pending one too (it reads that it waits for approval).</summary>
    public const string NotSuspended = "NotSuspended";
    public const string Admin = "Admin";
    public const string Provider = "Provider";
    public const string Broker = "Broker";
    public const string BrokerOrAdmin = "BrokerOrAdmin";
}
