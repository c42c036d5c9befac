using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>Puts the account's role, status and company into its cookie.</summary>
public sealed class AppClaimsPrincipalFactory(UserManager<ApplicationUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role.ToString()));
        identity.AddClaim(new Claim(AppClaims.Status, user.Status.ToString()));
        identity.AddClaim(new Claim(AppClaims.Company, user.CompanyName));
        return identity;
    }
}

/// <summary>A suspended account cannot sign in; a pending one can, to see that it waits for approval.</summary>
public sealed class AppSignInManager(
    UserManager<ApplicationUser> userManager, IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory, IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger, Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        user.Status != AccountStatus.Suspended && await base.CanSignInAsync(user);
}
