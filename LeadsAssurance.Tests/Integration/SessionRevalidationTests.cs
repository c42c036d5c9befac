using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Tests.Integration;

public class SessionRevalidationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public void SessionsAndOpenCircuitsAreCheckedEveryMinute() =>
        app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval.Should().Be(TimeSpan.FromMinutes(1));

    [Fact]
    public async Task ASuspensionSignsAnOpenCircuitOutAtItsNextCheck()
    {
        await using var fast = await AppFactory.StartAsync<FastRevalidationFactory>();
        var (id, _) = await fast.CreateAccountAsync("Broker", approve: true);
        await using var circuit = fast.Services.CreateAsyncScope();
        var principal = await circuit.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>()
            .CreateAsync((await circuit.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>().FindByIdAsync(id.ToString()))!);
        var authentication = circuit.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        authentication.AuthenticationStateChanged += async state =>
        {
            if ((await state).User.Identity?.IsAuthenticated != true)
                signedOut.TrySetResult();
        };
        // What the circuit does when it starts: it takes the signed-in user, and checks him periodically from then on.
        ((IHostEnvironmentAuthenticationStateProvider)authentication).SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        (await Eventually.TrueAsync(() => signedOut.Task.IsCompleted, FastRevalidationFactory.Interval * 3)).Should().BeFalse("an active broker stays signed in across checks");

        await fast.Services.GetRequiredService<AccountAdministration>().SuspendAsync(id, Guid.Empty, "Impayés");

        (await Eventually.TrueAsync(() => signedOut.Task.IsCompleted)).Should().BeTrue("the next check signs the suspended broker out");
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
}
