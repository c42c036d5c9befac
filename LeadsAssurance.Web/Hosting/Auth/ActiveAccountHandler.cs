using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>Requires an approved, not suspended account; with <see cref="AllowPending"/>, one still waiting for approval too.</summary>
public sealed class ActiveAccountRequirement(bool allowPending = false) : IAuthorizationRequirement
{
    public bool AllowPending { get; } = allowPending;
}

/// <summary>
/// Reads the account's status from the database (briefly cached), not from the cookie: an approval is seen on the
/// next page, a suspension refuses the next request, whatever the cookie says.
/// </summary>
public sealed class ActiveAccountHandler(AccountStatusCache statuses) : AuthorizationHandler<ActiveAccountRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActiveAccountRequirement requirement)
    {
        if (context.User.AccountId() is not { } id)
            return;
        // An API key's status was read from the database on this very request.
        var status = context.User.FindFirstValue(AppClaims.ApiKeyId) is not null
            ? Enum.Parse<AccountStatus>(context.User.FindFirstValue(AppClaims.Status)!)
            : await statuses.GetAsync(id);
        if (status == AccountStatus.Active || (requirement.AllowPending && status == AccountStatus.Pending))
            context.Succeed(requirement);
    }
}

public static class ClaimsPrincipalExtensions
{
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid RequiredAccountId(this ClaimsPrincipal user) =>
        user.AccountId() ?? throw new InvalidOperationException("No account id in the principal.");
}
