using System.Reflection;
using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

public class SessionRevalidationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task OpenCircuitsAreRevalidatedEveryMinuteAndASuspensionEndsThem()
    {
        var (id, _) = await app.CreateAccountAsync("Broker", approve: true);
        await using var scope = app.Services.CreateAsyncScope();
        var provider = (IdentityRevalidatingAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();
        var principal = await factory.CreateAsync((await users.FindByIdAsync(id.ToString()))!);

        var validBefore = await ValidateAsync(provider, principal);
        await app.Services.GetRequiredService<AccountAdministration>().SuspendAsync(id, Guid.Empty, "Impayés");
        var validAfter = await ValidateAsync(provider, principal);

        Interval(provider).Should().Be(TimeSpan.FromMinutes(1));
        validBefore.Should().BeTrue();
        validAfter.Should().BeFalse();
    }

    [Fact]
    public async Task TheCookieCarriesTheRoleStatusAndCompany()
    {
        var (id, _) = await app.CreateAccountAsync("Provider", approve: false);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>();

        var principal = await factory.CreateAsync((await users.FindByIdAsync(id.ToString()))!);

        principal.IsInRole(Roles.Provider).Should().BeTrue();
        principal.IsInRole(Roles.Broker).Should().BeFalse();
        principal.FindFirstValue(LeadsAssurance.Web.Hosting.Auth.AppClaims.Status).Should().Be("Pending");
        principal.FindFirstValue(LeadsAssurance.Web.Hosting.Auth.AppClaims.Company).Should().Be("Provider Test SAS");
    }

    private static Task<bool> ValidateAsync(IdentityRevalidatingAuthenticationStateProvider provider, ClaimsPrincipal principal)
    {
        var method = provider.GetType().GetMethod("ValidateAuthenticationStateAsync", BindingFlags.Instance | BindingFlags.NonPublic)!;
        return (Task<bool>)method.Invoke(provider, [new AuthenticationState(principal), CancellationToken.None])!;
    }

    private static TimeSpan Interval(IdentityRevalidatingAuthenticationStateProvider provider) =>
        (TimeSpan)provider.GetType().GetProperty("RevalidationInterval", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(provider)!;
}
