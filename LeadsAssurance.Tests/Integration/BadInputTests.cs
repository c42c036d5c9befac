using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// Inputs a developer new to the API tries first, each a 500 once: every one is now a 400 (or the status it
/// deserves) with a ProblemDetails that names the field.
/// </summary>
public class BadInputTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Theory]
    [InlineData("/api/v1/market?page=2147483647", "page")]
    [InlineData("/api/v1/market?page=0", "page")]
    [InlineData("/api/v1/market?page=abc", "page")]
    [InlineData("/api/v1/market?pageSize=-5", "pageSize")]
    [InlineData("/api/v1/market?pageSize=100000", "pageSize")]
    [InlineData("/api/v1/market?maxAgeHours=2147483647", "maxAgeHours")]
    [InlineData("/api/v1/market?maxAgeHours=-1", "maxAgeHours")]
    [InlineData("/api/v1/market?minPrice=1e400", "minPrice")]
    [InlineData("/api/v1/market?sort=Cheapest", "sort")]
    [InlineData("/api/v1/market?exclusive=maybe", "exclusive")]
    [InlineData("/api/v1/market?departement=%00", "departement")]
    [InlineData("/api/v1/market?product=MUTUELLE_SANTE,%27%3B--", "product")]
    [InlineData("/api/v1/credits/statements/9999-12.pdf", "month")]
    [InlineData("/api/v1/credits/statements/0001-01.pdf", "month")]
    [InlineData("/api/v1/purchases/certificates.zip?to=9999-12-31", "to")]
    [InlineData("/api/v1/purchases/certificates.zip?from=0001-01-01", "from")]
    public async Task ABrokerReadingWithAnOutOfRangeValueGets400NamingTheField(string url, string field)
    {
        var (_, key) = await app.CreateAccountAsync("Broker", approve: true);

        var response = await app.CreateApiClient(key).GetAsync(url);

        await ShouldNameAsync(response, field);
    }

    [Theory]
    [InlineData("/api/v1/leads?page=2147483647", "page")]
    [InlineData("/api/v1/leads?pageSize=0", "pageSize")]
    [InlineData("/provider/imports/template/NO_SUCH_PRODUCT.csv", "productCode")]
    public async Task AProviderReadingWithABadValueGets400NamingTheField(string url, string field)
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);

        var response = await app.CreateApiClient(key).GetAsync(url);

        await ShouldNameAsync(response, field);
    }

    [Theory]
    [InlineData("{\"email\": \"x@example.fr\", ", "body")]
    [InlineData("[1, 2, 3]", "body")]
    [InlineData("{\"amount\": \"beaucoup\", \"reference\": \"VIR-1\"}", "amount")]
    public async Task AMalformedJsonBodyGets400NamingTheField(string json, string field)
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var (id, _) = await app.CreateAccountAsync("Broker", approve: true);

        var response = await admin.PostAsync($"/api/v1/admin/accounts/{id}/credits", new StringContent(json, Encoding.UTF8, "application/json"));

        await ShouldNameAsync(response, field);
    }

    [Theory]
    [InlineData("/api/v1/leads", "{\"productCode\": \"MUTUELLE_SANTE\", \"consent\": {\"capturedAt\": \"hier\"}}", "consent.capturedAt")]
    [InlineData("/api/v1/leads", "[]", "body")]
    [InlineData("/api/v1/leads/bulk", "{\"leads\": [null]}", "leads[0]")]
    [InlineData("/api/v1/leads/bulk", "{\"leads\": {}}", "leads")]
    public async Task AProviderPostingMalformedLeadsGets400NamingTheField(string url, string json, string field)
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);

        var response = await app.CreateApiClient(key).PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

        await ShouldNameAsync(response, field);
    }

    [Fact]
    public async Task TextLongerThanItsColumnGets400NamingTheField()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var (id, _) = await app.CreateAccountAsync("Provider", approve: true);

        var keyName = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/api-keys", new { name = new string('n', 5_000) });
        var reason = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/suspend", new { reason = new string('r', 5_000) });

        await ShouldNameAsync(keyName, "name");
        await ShouldNameAsync(reason, "reason");
    }

    [Fact]
    public async Task AnEmptyBodyGets400AskingForTheBody()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);

        var response = await admin.PostAsync("/api/v1/admin/accounts", new StringContent("", Encoding.UTF8, "application/json"));

        await ShouldNameAsync(response, "body");
    }

    [Fact]
    public async Task AFormPostedWhereJsonIsExpectedGets415ProblemDetails()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);

        var response = await admin.PostAsync("/api/v1/admin/accounts", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.fr" }));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().Contain("application/json");
    }

    [Theory]
    [InlineData("POST", "/api/v1/market/not-a-guid/reserve", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/purchases/12345/certificate.pdf", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/credits/receipts/99999999999.pdf", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/market", HttpStatusCode.MethodNotAllowed)]
    public async Task AMalformedAddressOrWrongMethodGetsProblemDetailsNotAnEmptyBody(string method, string url, HttpStatusCode status)
    {
        var (_, key) = await app.CreateAccountAsync("Broker", approve: true);

        var response = await app.CreateApiClient(key).SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().NotBeNullOrEmpty();
    }

    private static async Task ShouldNameAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).Should().BeTrue($"the errors should name {field}: {body}");
        messages[0].GetString().Should().NotBeNullOrWhiteSpace();
    }
}
