using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Integration;

/// <summary>API.md "Authentication": the session cookie reads the API; changing anything through it takes an API key.</summary>
public class CookieApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task AStateChangingCallWithTheCookieAloneIsRefusedWhileTheSameCallWithAnApiKeyWorks()
    {
        var (pendingId, _) = await app.CreateAccountAsync("Broker", approve: false);
        var browser = await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);

        var withCookie = await browser.PostAsync($"/api/v1/admin/accounts/{pendingId}/approve", null);
        var statusAfterCookie = await StatusAsync(pendingId);
        var withKey = await app.CreateApiClient(AppFactory.AdminApiKey).PostAsync($"/api/v1/admin/accounts/{pendingId}/approve", null);

        withCookie.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        withCookie.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = await withCookie.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("title").GetString().Should().Contain("utilisez une clé d'API");
        problem.GetProperty("detail").GetString().Should().Contain("X-Api-Key");
        statusAfterCookie.Should().Be(AccountStatus.Pending);
        withKey.StatusCode.Should().Be(HttpStatusCode.OK);
        (await StatusAsync(pendingId)).Should().Be(AccountStatus.Active);
    }

    [Fact]
    public async Task TheCookieStillReadsTheApiAndDeletesAreRefusedLikePosts()
    {
        var browser = await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);

        var me = await browser.GetAsync("/api/v1/me");
        var delete = await browser.DeleteAsync($"/api/v1/reservations/{Guid.NewGuid()}");
        var put = await browser.PutAsJsonAsync($"/api/v1/admin/accounts/{Guid.NewGuid()}/approve", new { });

        me.StatusCode.Should().Be(HttpStatusCode.OK);
        (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("email").GetString().Should().Be(AppFactory.AdminEmail);
        delete.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        put.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheMarketHubStillNegotiatesWithTheCookie()
    {
        var browser = await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);

        var negotiate = await browser.PostAsync("/hubs/market/negotiate?negotiateVersion=1", null);

        negotiate.StatusCode.Should().Be(HttpStatusCode.OK);
        (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString().Should().NotBeNullOrEmpty();
    }

    private async Task<AccountStatus> StatusAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Id == id).Select(u => u.Status).SingleAsync();
    }
}
