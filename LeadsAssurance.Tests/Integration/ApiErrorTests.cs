using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration;

/// <summary>An API request that fails inside the app gets a ProblemDetails, never the HTML error page (API.md).</summary>
public class ApiErrorTests(FaultyRouteFactory app) : IClassFixture<FaultyRouteFactory>
{
    [Fact]
    public async Task ABugIsA500ProblemWithoutInternals()
    {
        var response = await app.CreateApiClient(null).GetAsync($"{FaultyRouteFactory.Path}?kind=bug");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("title").GetString().Should().Be("Erreur interne");
        body.Should().NotContain("secret").And.NotContain("InvalidOperationException");
    }

    [Fact]
    public async Task ADatabaseOutOfReachIsA503ProblemWithRetryAfter()
    {
        var response = await app.CreateApiClient(null).GetAsync($"{FaultyRouteFactory.Path}?kind=database");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Service momentanément indisponible");
    }
}
