using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The app as it runs in Production (a configured server, a public address), with its cookies left Secure.</summary>
public class ProductionFactory : AppFactory
{
    public const string PublicBaseUrl = "https://app.leadsassurance.test";

    protected override bool PlainHttpCookies => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment("Production");
        builder.UseSetting("App:PublicBaseUrl", PublicBaseUrl);
        // Production refuses to start without an SMTP server; none of these tests sends mail (a queued one would wait).
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", "9");
    }
}

public class ProductionHostTests(ProductionFactory app) : IClassFixture<ProductionFactory>
{
    [Fact]
    public async Task AnApiErrorIsProblemDetailsJsonEvenForAClientAskingForHtml()
    {
        var (_, key) = await app.CreateAccountAsync("Broker", approve: true);
        var browserLike = app.CreateApiClient(key);
        browserLike.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var unknownPath = await browserLike.GetAsync("/api/v1/nothing-here");
        var badQuery = await browserLike.GetAsync("/api/v1/market?sort=Cheapest");
        var adminWithBadJson = app.CreateApiClient(AppFactory.AdminApiKey);
        adminWithBadJson.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var badJson = await adminWithBadJson.PostAsync("/api/v1/admin/accounts", new StringContent("{\"email\":", Encoding.UTF8, "application/json"));

        foreach (var (response, status) in new[] { (unknownPath, HttpStatusCode.NotFound), (badQuery, HttpStatusCode.BadRequest), (badJson, HttpStatusCode.BadRequest) })
        {
            response.StatusCode.Should().Be(status);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }
        (await unknownPath.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().Should().Be(404);
        (await badQuery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("sort", out _).Should().BeTrue();
        (await badJson.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _).Should().BeTrue("the JSON broke off at email");
    }

    [Fact]
    public async Task AnUnexpectedApiFailureIsA500ProblemDetailsThatKeepsItsInternalsToItself()
    {
        await using var scope = app.Services.CreateAsyncScope();
        // As the exception middleware hands it over: the request already pointed at the error page, the path asked for in the feature.
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "GET";
        http.Request.Path = "/Error";
        http.Features.Set<IExceptionHandlerPathFeature>(new ExceptionHandlerFeature { Path = "/api/v1/market", Error = new InvalidOperationException() });
        http.Request.Headers.Accept = "text/html";
        http.Response.Body = new MemoryStream();
        var handler = scope.ServiceProvider.GetServices<IExceptionHandler>().Single();

        var handled = await handler.TryHandleAsync(http, new InvalidOperationException("connection string Password=hunter2"), CancellationToken.None);

        handled.Should().BeTrue();
        http.Response.StatusCode.Should().Be(StatusCodes.Status500InternalServerError);
        http.Response.ContentType.Should().StartWith("application/problem+json");
        var body = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        body.Should().Contain("Erreur interne").And.NotContain("hunter2");
    }

    [Fact]
    public async Task OverHttpsCookiesAreSecureAndHstsIsSent()
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://app.leadsassurance.test/"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/Account/Login");
        var identityCookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).Cookie;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.GetValues("Set-Cookie").Should().Contain(c => c.Contains(".AspNetCore.Antiforgery"))
            .And.OnlyContain(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        identityCookie.SecurePolicy.Should().Be(CookieSecurePolicy.Always);
        response.Headers.Contains("Strict-Transport-Security").Should().BeTrue();
    }

    [Fact]
    public async Task ExportLinksUseThePublicBaseUrlWhateverHostTheRequestNames()
    {
        var (brokerId, key) = await app.CreateAccountAsync("Broker", approve: true);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, DateTimeOffset.UtcNow))[0];
        await TestData.TopUpAsync(app.Services, brokerId, 200m);
        var broker = app.CreateApiClient(key);
        var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/purchases.csv");
        request.Headers.Host = "attacker.example";
        var csv = await (await broker.SendAsync(request)).Content.ReadAsStringAsync();

        csv.Should().Contain($"{ProductionFactory.PublicBaseUrl}/verify/").And.NotContain("attacker.example");
    }
}

/// <summary>Production refuses to start with demo data, or without the address its links are built on.</summary>
public class ProductionStartTests
{
    [Fact]
    public async Task DemoDataIsRefusedInProduction()
    {
        await using var app = new MisconfiguredProductionFactory("Demo:Enabled", "true");
        await app.InitializeAsync();

        var start = () => app.Server;

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("Demo data (Demo:Enabled or --demo) is refused in Production");
    }

    [Fact]
    public async Task ProductionWithoutAPublicBaseUrlRefusesToStart()
    {
        await using var app = new MisconfiguredProductionFactory("App:PublicBaseUrl", "");
        await app.InitializeAsync();

        var start = () => app.Server;

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("App:PublicBaseUrl is not set");
    }

    private sealed class MisconfiguredProductionFactory(string key, string value) : ProductionFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(key, value);
        }
    }
}
