using System.Net;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>The payouts page is the admin's only; a provider's statement needs a provider's session.</summary>
public class EarningsPageAccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@example.fr";
        await app.CreateAccountAsync(role, approve: true, email: email);
        return await app.CreateCookieClientAsync(email, "Passw0rd!x");
    }

    [Fact]
    public async Task OnlyTheAdminGetsThePayoutsPage()
    {
        var provider = await SignedInAsync("Provider");
        var broker = await SignedInAsync("Broker");
        var admin = await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);

        var asProvider = await provider.GetAsync("/admin/payouts");
        var asBroker = await broker.GetAsync("/admin/payouts");
        var asAdmin = await admin.GetAsync("/admin/payouts");

        foreach (var refused in new[] { asProvider, asBroker })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Redirect);
            refused.Headers.Location!.AbsolutePath.Should().Be("/Account/AccessDenied");
        }
        asAdmin.StatusCode.Should().Be(HttpStatusCode.OK);
        WebUtility.HtmlDecode(await asAdmin.Content.ReadAsStringAsync()).Should().Contain("Versements aux apporteurs");
    }

    [Fact]
    public async Task AnAnonymousVisitorOrABrokerGetsNoEarningsStatement()
    {
        var broker = await SignedInAsync("Broker");
        var anonymous = app.CreateClient(new() { AllowAutoRedirect = false });

        var asBroker = await broker.GetAsync("/provider/statements/2026-11.pdf");
        var asAnonymous = await anonymous.GetAsync("/provider/statements/2026-11.pdf");

        asBroker.StatusCode.Should().BeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        asBroker.Content.Headers.ContentType?.MediaType.Should().NotBe("application/pdf");
        asAnonymous.StatusCode.Should().BeOneOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect);
        asAnonymous.Content.Headers.ContentType?.MediaType.Should().NotBe("application/pdf");
    }
}
