using System.Net;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace LeadsAssurance.Tests.Integration;

public sealed class MetricsFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Metrics:Enabled", "true");
    }
}

/// <summary>/metrics in Prometheus format: the framework's, the runtime's, Npgsql's and the product's own figures.</summary>
public class MetricsTests(MetricsFactory app) : IClassFixture<MetricsFactory>
{
    [Fact]
    public async Task MetricsShowHoldsSalesPoolsRequestsAndTheRuntime()
    {
        var (buyerId, buyerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, otherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, buyerId, 100m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, DateTimeOffset.UtcNow))[0];
        var buyer = app.CreateApiClient(buyerKey);
        var hold = await buyer.PostAsync($"/api/v1/market/{lead.Id}/reserve", null);
        (await app.CreateApiClient(otherKey).PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).StatusCode.Should().Be(HttpStatusCode.Conflict);
        var reservation = System.Text.Json.JsonDocument.Parse(await hold.Content.ReadAsStringAsync()).RootElement.GetProperty("reservationId").GetGuid();
        (await buyer.PostAsync($"/api/v1/reservations/{reservation}/pay", null)).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await app.CreateClient().GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/plain");
        MetricValue(text, "leadsassurance_market_holds_total", "outcome=\"held\"").Should().BeGreaterThanOrEqualTo(1);
        MetricValue(text, "leadsassurance_market_holds_total", "outcome=\"taken\"").Should().BeGreaterThanOrEqualTo(1);
        MetricValue(text, "leadsassurance_market_sales_total", null).Should().BeGreaterThanOrEqualTo(1);
        text.Should().Contain("db_client_connection_count").And.Contain("db_client_connection_pool_name=\"leadsassurance\"", "Npgsql reports the shared pool by its name");
        text.Should().Contain("http_server_request_duration_seconds_bucket");
        text.Should().Contain("dotnet_gc_heap_total_allocated_bytes");
        text.Should().NotContain(lead.Phone).And.NotContain(lead.Email);
    }

    [Fact]
    public async Task WithoutMetricsEnabledThereIsNoMetricsEndpoint()
    {
        await using var plain = new AppFactory();
        await plain.InitializeAsync();

        var response = await plain.CreateClient().GetAsync("/metrics");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static double MetricValue(string text, string name, string? label)
    {
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && (label is null || l.Contains(label)));
        line.Should().NotBeNull($"{name} {label} is exported");
        // name{labels} value [timestamp]
        var afterLabels = line![(line.LastIndexOf('}') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return double.Parse(afterLabels[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
