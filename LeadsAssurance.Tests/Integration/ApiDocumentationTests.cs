using System.Diagnostics;
using System.Net;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The app with its public address set, as Production serves the document.</summary>
public sealed class PublicAddressFactory : AppFactory
{
    public const string PublicBaseUrl = "https://app.leadsassurance.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("App:PublicBaseUrl", PublicBaseUrl + "/");
    }
}

public class ApiDocumentationTests(PublicAddressFactory app) : IClassFixture<PublicAddressFactory>
{
    /// <summary>The same linter and version as a broker's developer would run (npm @redocly/cli, recommended rules).</summary>
    public const string Redocly = "@redocly/cli@2.77.0";

    [Fact]
    public async Task TheOpenApiDocumentIsJsonAndDescribesThePublicEndpoints()
    {
        var response = await app.CreateApiClient(null).GetAsync("/openapi/v1.json");
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        document.GetProperty("openapi").GetString().Should().StartWith("3.");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        paths.Should().Contain(["/api/v1/products", "/api/v1/me", "/api/v1/admin/accounts/{id}/approve", "/api/v1/leads", "/api/v1/leads/bulk",
            "/api/v1/consents/{proofHash}", "/api/v1/market", "/api/v1/market/{leadId}/reserve", "/api/v1/reservations/{id}/pay",
            "/api/v1/reservations/{id}", "/api/v1/purchases", "/api/v1/purchases.csv", "/api/v1/purchases/{leadId}/certificate.pdf",
            "/webhooks/stripe"]);
        paths.Should().NotContain(p => p.StartsWith("/provider/") || p.StartsWith("/Account/"), "pages and their downloads are not the API");
        document.GetProperty("servers")[0].GetProperty("url").GetString().Should().Be(PublicAddressFactory.PublicBaseUrl);
    }

    [Fact]
    public async Task EveryOperationIsNamedDescribedAndListsItsErrors()
    {
        var document = JsonDocument.Parse(await app.CreateApiClient(null).GetStringAsync("/openapi/v1.json")).RootElement;

        var operations = Operations(document).ToList();

        operations.Should().NotBeEmpty();
        operations.Should().OnlyContain(o => Has(o.Operation, "operationId"), "a client generator names its methods after operationId");
        operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Should().OnlyHaveUniqueItems();
        operations.Should().OnlyContain(o => Has(o.Operation, "summary") && Has(o.Operation, "description"));
        operations.Should().OnlyContain(o => o.Operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('4')),
            "every operation can be refused, and says how");
    }

    [Fact]
    public async Task TheApiKeySchemeIsDeclaredAndOnlyThePublicOperationsGoWithoutIt()
    {
        var document = JsonDocument.Parse(await app.CreateApiClient(null).GetStringAsync("/openapi/v1.json")).RootElement;

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        var open = Operations(document)
            .Where(o => !o.Operation.TryGetProperty("security", out var security) || !security.EnumerateArray().Any(r => r.TryGetProperty("ApiKey", out _)))
            .Select(o => $"{o.Method} {o.Path}").ToList();

        scheme.GetProperty("type").GetString().Should().Be("apiKey");
        scheme.GetProperty("in").GetString().Should().Be("header");
        scheme.GetProperty("name").GetString().Should().Be("X-Api-Key");
        open.Should().BeEquivalentTo("GET /api/v1/consents/{proofHash}", "POST /webhooks/stripe");
    }

    [Fact]
    public async Task TheOpenApiDocumentPassesRedoclyLintWithNoError()
    {
        var document = await app.CreateApiClient(null).GetStringAsync("/openapi/v1.json");
        var file = Path.Combine(Path.GetTempPath(), $"leadsassurance-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document);

        try
        {
            // npx missing or the package not installable fails the test: the check must run, not be skipped.
            var (exitCode, output, error) = await RunAsync("npx", "--yes", Redocly, "lint", file, "--format=json");
            var report = JsonDocument.Parse(output.Length > 0 ? output : "{}").RootElement;
            report.TryGetProperty("totals", out var totals).Should().BeTrue($"redocly should print a JSON report (exit {exitCode}): {error}");
            var problems = report.GetProperty("problems").EnumerateArray()
                .Select(p => $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
                .ToList();

            totals.GetProperty("errors").GetInt32().Should().Be(0, string.Join("\n", problems.Where(p => p.StartsWith("error"))));
            totals.GetProperty("warnings").GetInt32().Should().Be(0, string.Join("\n", problems));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task TheScalarReferenceIsServed()
    {
        var response = await app.CreateApiClient(null).GetAsync("/scalar/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json");
    }

    [Fact]
    public async Task AnUnknownApiPathIsAProblemDetails404NotAnHtmlPage()
    {
        var response = await app.CreateApiClient(AppFactory.AdminApiKey).GetAsync("/api/v1/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
    }

    private static bool Has(JsonElement operation, string property) =>
        operation.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString());

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from method in path.Value.EnumerateObject()
        where method.Name is "get" or "post" or "put" or "delete" or "patch"
        select (path.Name, method.Name.ToUpperInvariant(), method.Value);

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
