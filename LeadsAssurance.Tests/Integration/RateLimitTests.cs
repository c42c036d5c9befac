using System.Net;
using System.Net.Http.Json;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace LeadsAssurance.Tests.Integration;

public sealed class RateLimitedFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("RateLimits:ProviderApi:PermitsPerMinute", "60");
        builder.UseSetting("RateLimits:ProviderApi:Burst", "3");
    }
}

public class RateLimitTests(RateLimitedFactory app) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task PastItsBurstAKeyGets429WithRetryAfterWhileAnotherKeyIsUnaffected()
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        var (_, other) = await app.CreateAccountAsync("Provider", approve: true);
        var client = app.CreateApiClient(key);

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
            responses.Add(await client.PostAsJsonAsync("/api/v1/leads", new { }));

        responses.Take(3).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.BadRequest);
        var limited = responses.Last();
        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.Should().BePositive();
        (await limited.Content.ReadAsStringAsync()).Should().Contain("Trop de requêtes");
        (await app.CreateApiClient(other).PostAsJsonAsync("/api/v1/leads", new { })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
