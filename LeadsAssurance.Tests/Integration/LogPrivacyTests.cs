using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Tests.Integration;

public sealed class TraceLoggingFactory : AppFactory
{
    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.Configure<LoggerFilterOptions>(o =>
            {
                o.Rules.Clear();
                o.MinLevel = LogLevel.Trace;
            });
        });
    }
}

/// <summary>No personal data and no secret in any log line, at any level, through the paths that carry them.</summary>
public class LogPrivacyTests(TraceLoggingFactory app) : IClassFixture<TraceLoggingFactory>
{
    [Fact]
    public async Task IngestingSellingAndWatchingLeadsLogsNoContactNoKeyAndNoPassword()
    {
        const string brokerEmail = "prive.courtier.journal@exemple.fr";
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true, email: brokerEmail);
        await TestData.TopUpAsync(app.Services, brokerId, 100m);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/market"), o =>
            {
                o.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.LongPolling;
                o.Headers["X-Api-Key"] = brokerKey;
            })
            .Build();
        await hub.StartAsync();
        var provider = app.CreateApiClient(providerKey);
        var lead = Lead("06 71 23 45 98", "prive.journal@exemple.fr");

        var created = await provider.PostAsJsonAsync("/api/v1/leads", lead);
        var duplicate = await provider.PostAsJsonAsync("/api/v1/leads", lead);
        var invalid = await provider.PostAsJsonAsync("/api/v1/leads", Lead("06 71 23 4", "pas-un-email"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var broker = app.CreateApiClient(brokerKey);
        var hold = await (await broker.PostAsync($"/api/v1/market/{id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        var paid = await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" });
        var purchases = await broker.GetStringAsync("/api/v1/purchases");
        var refused = await app.CreateApiClient("la_not_a_real_key_0000000000000000").GetAsync("/api/v1/market");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        paid.StatusCode.Should().Be(HttpStatusCode.OK);
        purchases.Should().Contain("prive.journal@exemple.fr", "the buyer gets the contact: the test would prove nothing otherwise");
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        app.Logs.Lines.Should().Contain(l => l.StartsWith("Trace ", StringComparison.Ordinal), "every level is captured")
            .And.Contain(l => l.Contains("Microsoft.EntityFrameworkCore.Database.Command"), "the SQL sent is captured");
        var secrets = new[]
        {
            "Mélisande", "Quignard-Leblond", "+33671234598", "0671234598", "06 71 23 45 98", "prive.journal@exemple.fr", "pas-un-email",
            brokerEmail, providerKey, brokerKey, AppFactory.AdminApiKey, AppFactory.AdminPassword, AppFactory.AdminEmail,
            "la_not_a_real_key_0000000000000000", "Passw0rd!x",
        };
        foreach (var secret in secrets)
            app.Logs.Lines.Where(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase)).Should().BeEmpty($"no log line may carry \"{secret}\"");
    }

    private static object Lead(string phone, string email) => new
    {
        productCode = "MUTUELLE_SANTE", firstName = "Mélisande", lastName = "Quignard-Leblond", phone, email, zipCode = "69003", city = "Lyon",
        attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
        consent = new
        {
            text = "J'accepte d'être contactée.", textVersion = "v1", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-5), ipAddress = "203.0.113.7",
            userAgent = "test", sourceUrl = "https://exemple.fr", partners = new[] { "Cabinet Martin" },
        },
    };
}
