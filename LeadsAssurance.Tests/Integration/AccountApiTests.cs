using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

public class AccountApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task BootstrapAdminIsActiveAndItsConfiguredKeyWorks()
    {
        var client = app.CreateApiClient(AppFactory.AdminApiKey);

        var raw = await client.GetStringAsync("/api/v1/me");
        var me = JsonDocument.Parse(raw).RootElement;

        me.GetProperty("email").GetString().Should().Be(AppFactory.AdminEmail);
        me.GetProperty("role").GetString().Should().Be("Admin");
        me.GetProperty("status").GetString().Should().Be("Active");
        me.GetProperty("balance").GetDecimal().Should().Be(0m);
        raw.Should().Contain("\"balance\":0.00", "money has two decimals in the API");
    }

    [Fact]
    public async Task AdminCreatesAPendingAccountThatCanUseTheApiOnlyOnceApproved()
    {
        var (id, key) = await app.CreateAccountAsync("Broker", approve: false);
        var broker = app.CreateApiClient(key);
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);

        var whilePending = await broker.GetAsync("/api/v1/products");
        var approval = await admin.PostAsync($"/api/v1/admin/accounts/{id}/approve", null);
        var onceApproved = await broker.GetAsync("/api/v1/products");

        whilePending.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await approval.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Active");
        onceApproved.StatusCode.Should().Be(HttpStatusCode.OK);
        (await onceApproved.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().Should().Be(18);
    }

    [Fact]
    public async Task CreatingAnAccountAnswers201WithThePendingStatus()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);

        var response = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email = "nouveau@apporteur.fr", password = "Passw0rd!x", role = "Provider", companyName = "Nouvel Apporteur",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("status").GetString().Should().Be("Pending");
        body.GetProperty("id").GetGuid().Should().NotBeEmpty();
    }

    [Fact]
    public async Task AnExistingEmailIsAConflict()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var account = new { email = "doublon@courtage.fr", password = "Passw0rd!x", role = "Broker", companyName = "Doublon", oriasNumber = "12345678" };
        (await admin.PostAsJsonAsync("/api/v1/admin/accounts", account)).EnsureSuccessStatusCode();

        var second = await admin.PostAsJsonAsync("/api/v1/admin/accounts", account);

        second.StatusCode.Should().Be(HttpStatusCode.Conflict);
        second.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task InvalidFieldsGetAProblemDetailsWithFrenchMessagesPerField()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);

        var response = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email = "pas-un-email", password = "Passw0rd!x", role = "Broker", companyName = "", siren = "123456789", oriasNumber = "12",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("email")[0].GetString().Should().Be("Adresse e-mail invalide.");
        errors.GetProperty("companyName")[0].GetString().Should().Contain("raison sociale");
        errors.GetProperty("siren")[0].GetString().Should().Contain("SIREN");
        errors.GetProperty("oriasNumber")[0].GetString().Should().Contain("ORIAS");
    }

    [Fact]
    public async Task ASuspendedAccountsKeyIsRefusedWith403()
    {
        var (id, key) = await app.CreateAccountAsync("Provider", approve: true);
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        (await app.CreateApiClient(key).GetAsync("/api/v1/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        var suspension = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/suspend", new { reason = "Leads frauduleux" });
        var afterwards = await app.CreateApiClient(key).GetAsync("/api/v1/products");

        suspension.StatusCode.Should().Be(HttpStatusCode.OK);
        (await suspension.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Suspended");
        afterwards.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("la_this_key_does_not_exist_anywhere")]
    public async Task AMissingOrUnknownKeyIs401(string? key)
    {
        var response = await app.CreateApiClient(key).GetAsync("/api/v1/products");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task ARevokedKeyIs401()
    {
        var (id, key) = await app.CreateAccountAsync("Broker", approve: true);
        var keys = app.Services.GetRequiredService<ApiKeyService>();
        var keyId = (await keys.ListAsync(id)).Single().Id;

        await keys.RevokeAsync(keyId, id, id);
        var response = await app.CreateApiClient(key).GetAsync("/api/v1/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Broker")]
    [InlineData("Provider")]
    public async Task ANonAdminKeyIsRefusedOnAdminEndpointsWith403(string role)
    {
        var (_, key) = await app.CreateAccountAsync(role, approve: true);

        var response = await app.CreateApiClient(key).PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email = "intrus@example.fr", password = "Passw0rd!x", role = "Broker", companyName = "Intrus", oriasNumber = "12345678",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        await using var db = app.CreateDbContext();
        (await db.Users.AnyAsync(u => u.Email == "intrus@example.fr")).Should().BeFalse();
    }

    [Fact]
    public async Task ApiKeysAreStoredAsSha256HashesOnly()
    {
        var (id, key) = await app.CreateAccountAsync("Provider", approve: true);

        await using var db = app.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(k => k.AccountId == id);
        // The whole row as PostgreSQL holds it, every column: the key must be in none.
        var row = await db.Database.SqlQuery<string>($"select k::text as \"Value\" from api_keys k where k.account_id = {id}").SingleAsync();

        stored.KeyHash.Should().Be(ApiKey.Hash(key));
        stored.DisplayPrefix.Should().Be(key[..10], "only the first ten characters are kept, to recognise the key in a list");
        key.Length.Should().BeGreaterThan(40);
        row.Should().NotContain(key).And.NotContain(key[..20]);
    }

    [Fact]
    public async Task TheProductsEndpointReturnsTheCatalogueWithSchemas()
    {
        var products = await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/products");

        products.GetArrayLength().Should().Be(18);
        var immo = products.EnumerateArray().Single(p => p.GetProperty("code").GetString() == "CREDIT_IMMO");
        immo.GetProperty("label").GetString().Should().Be("Crédit immobilier");
        immo.GetProperty("price").GetDecimal().Should().BePositive();
        immo.GetProperty("schema").GetProperty("properties").EnumerateObject().Count().Should().BeInRange(4, 10);
    }
}
