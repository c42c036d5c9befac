using System.Net;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The broker's dashboard and the admin's flows page, opened with each role's session cookie as a browser opens them.</summary>
public class DashboardAuthorizationTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task<HttpClient> SignedInAsync(string role)
    {
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@example.fr";
        await app.CreateAccountAsync(role, approve: true, email: email);
        return await app.CreateCookieClientAsync(email, "Passw0rd!x");
    }

    private static void ShouldBeSentToAccessDenied(HttpResponseMessage response, string path)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.Should().Be("/Account/AccessDenied");
        response.Headers.Location.Query.Should().Be($"?ReturnUrl={Uri.EscapeDataString(path)}");
    }

    /// <summary>The page as a person reads it (the server writes "é" as "&amp;#xE9;").</summary>
    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Fact]
    public async Task ABrokerGetsNoAdminFlowsPageWhileTheAdminDoes()
    {
        var broker = await SignedInAsync("Broker");
        var admin = await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);

        var refused = await broker.GetAsync("/admin/flows");
        var served = await admin.GetAsync("/admin/flows");

        ShouldBeSentToAccessDenied(refused, "/admin/flows");
        (await TextAsync(refused)).Should().NotContain("Livraisons en échec");
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        (await TextAsync(served)).Should().Contain("Livraisons en échec");
    }

    [Fact]
    public async Task AProviderGetsNoBrokerDashboardWhileABrokerIsSentThereFromTheHomePage()
    {
        var provider = await SignedInAsync("Provider");
        var broker = await SignedInAsync("Broker");

        var refused = await provider.GetAsync("/dashboard");
        var home = await broker.GetAsync("/");
        var served = await broker.GetAsync("/dashboard");

        ShouldBeSentToAccessDenied(refused, "/dashboard");
        (await TextAsync(refused)).Should().NotContain("Solde de crédits");
        home.StatusCode.Should().Be(HttpStatusCode.Redirect);
        home.Headers.Location!.ToString().Should().EndWith("/dashboard", "the dashboard is a broker's home");
        served.StatusCode.Should().Be(HttpStatusCode.OK);
        (await TextAsync(served)).Should().Contain("Solde de crédits");
    }
}
