using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>Small per-address budgets (long windows, so nothing refills during a test), and a count of API key lookups.</summary>
public sealed class AbuseLimitedFactory : AppFactory
{
    public const int Budget = 3;

    public ApiKeyLookups Lookups { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var limit in new[] { "Login", "Registration", "ForgotPassword", "ConsentChecks", "UnknownApiKeys" })
        {
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", Budget.ToString());
            builder.UseSetting($"RateLimits:{limit}:Window", "01:00:00");
        }
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Lookups)));
    }

    /// <summary>Counts the queries that look an API key up by its hash.</summary>
    public sealed class ApiKeyLookups : DbCommandInterceptor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("key_hash"))
                Interlocked.Increment(ref _count);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}

public class AbuseLimitTests(AbuseLimitedFactory app) : IClassFixture<AbuseLimitedFactory>
{
    private const int Budget = AbuseLimitedFactory.Budget;

    [Theory]
    [InlineData("/Account/Login", "203.0.113.1")]
    [InlineData("/Account/Register", "203.0.113.2")]
    [InlineData("/Account/ForgotPassword", "203.0.113.3")]
    public async Task AnAccountFormPostedPastItsBudgetFromOneAddressAnswers429WithRetryAfterWhileOtherAddressesAreServed(string form, string address)
    {
        var client = From(address);
        var pages = new List<HttpResponseMessage>();
        for (var i = 0; i <= Budget; i++)
            pages.Add(await client.GetAsync(form));
        var posts = new List<HttpResponseMessage>();
        for (var i = 0; i <= Budget; i++)
            posts.Add(await client.PostAsync(form, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.fr" })));
        var elsewhere = await From("198.51.100.1").PostAsync(form, new FormUrlEncodedContent(new Dictionary<string, string>()));

        pages.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK, "reading the form costs nothing");
        posts.Take(Budget).Should().OnlyContain(r => r.StatusCode != HttpStatusCode.TooManyRequests);
        var refused = posts.Last();
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        refused.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await refused.Content.ReadAsStringAsync()).Should().Contain("Trop de tentatives").And.Contain("Réessayez dans");
        elsewhere.StatusCode.Should().NotBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ConsentChecksShareOneBudgetPerAddressBetweenTheApiAndTheVerifyPage()
    {
        var client = From("203.0.113.4");
        var hash = new string('a', 64);

        var allowed = new[]
        {
            await client.GetAsync($"/api/v1/consents/{hash}"), await client.GetAsync($"/verify/{hash}"), await client.GetAsync($"/api/v1/consents/{hash}"),
        };
        var api = await client.GetAsync($"/api/v1/consents/{hash}");
        var page = await client.GetAsync($"/verify/{hash}");
        var elsewhere = await From("198.51.100.2").GetAsync($"/api/v1/consents/{hash}");

        allowed.Select(r => r.StatusCode).Should().Equal(HttpStatusCode.NotFound, HttpStatusCode.OK, HttpStatusCode.NotFound);
        api.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        api.Headers.RetryAfter!.Delta.Should().BePositive();
        api.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("vérifications de consentement");
        page.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        page.Headers.RetryAfter!.Delta.Should().BePositive();
        elsewhere.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ARepeatedUnknownKeyCostsOneDatabaseLookup()
    {
        var key = "la_" + Guid.NewGuid().ToString("N");
        var before = app.Lookups.Count;

        var answers = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.5", "203.0.113.5", "203.0.113.6", "203.0.113.7" })
            answers.Add((await From(address, key).GetAsync("/api/v1/me")).StatusCode);

        answers.Should().OnlyContain(s => s == HttpStatusCode.Unauthorized);
        (app.Lookups.Count - before).Should().Be(1);
    }

    [Fact]
    public async Task PastItsBudgetOfUnknownKeysAnAddressGets429WithoutAnyLookupWhileOthersAreServed()
    {
        var (_, validKey) = await app.CreateAccountAsync("Broker", approve: true);
        var guesses = new List<HttpResponseMessage>();
        for (var i = 0; i < Budget; i++)
            guesses.Add(await From("203.0.113.8", "la_" + Guid.NewGuid().ToString("N")).GetAsync("/api/v1/me"));
        var lookupsAtBudget = app.Lookups.Count;

        var refused = await From("203.0.113.8", "la_" + Guid.NewGuid().ToString("N")).GetAsync("/api/v1/me");
        var lookupsAfter = app.Lookups.Count;
        var elsewhere = await From("198.51.100.3", validKey).GetAsync("/api/v1/me");

        guesses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Unauthorized);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("clés d'API inconnues");
        lookupsAfter.Should().Be(lookupsAtBudget, "a refused address costs the database nothing");
        elsewhere.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A client as if behind the trusted proxy (loopback) that says the request came from <paramref name="address"/>.</summary>
    private HttpClient From(string address, string? apiKey = null)
    {
        var client = app.CreateApiClient(apiKey);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}
