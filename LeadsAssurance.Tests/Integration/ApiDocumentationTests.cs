using System.Net;
using LeadsAssurance.Tests.Infrastructure;

namespace LeadsAssurance.Tests.Integration;

public class ApiDocumentationTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task TheOpenApiDocumentDescribesThePublicEndpoints()
    {
        var document = await app.CreateApiClient(null).GetStringAsync("/openapi/v1.json");

        document.Should().Contain("\"/api/v1/products\"").And.Contain("\"/api/v1/me\"")
            .And.Contain("\"/api/v1/admin/accounts/{id}/approve\"").And.Contain("\"/api/v1/leads\"").And.Contain("\"/api/v1/leads/bulk\"")
            .And.Contain("\"/api/v1/consents/{proofHash}\"").And.Contain("productCode").And.Contain("capturedAt");
    }

    [Fact]
    public async Task TheScalarReferenceIsServed()
    {
        var response = await app.CreateApiClient(null).GetAsync("/scalar/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json");
    }

    [Fact]
    public async Task AnUnknownApiPathIsAPlain404NotAnHtmlPage()
    {
        var response = await app.CreateApiClient(AppFactory.AdminApiKey).GetAsync("/api/v1/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.Should().NotBe("text/html");
    }
}
