using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The shared pool is bounded: a burst larger than it waits for a connection; past the wait, 503 with Retry-After.</summary>
public class ConnectionPoolTests(SmallPoolFactory app) : IClassFixture<SmallPoolFactory>
{
    [Fact]
    public async Task ABurstFiftyTimesLargerThanThePoolIsDecidedWithOneWinnerAndNoError()
    {
        var brokers = new List<string>();
        for (var i = 0; i < 10; i++)
            brokers.Add((await app.CreateAccountAsync("Broker", approve: true)).ApiKey);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, DateTimeOffset.UtcNow))[0];
        var clients = brokers.Select(app.CreateApiClient).ToList();

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => clients[i % clients.Count].PostAsync($"/api/v1/market/{lead.Id}/reserve", null)));

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict);
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(1);
        (await CountServerConnectionsAsync("leadsassurance")).Should().BeLessThanOrEqualTo(SmallPoolFactory.PoolSize);
    }

    [Fact]
    public async Task ARequestThatFindsNoFreeConnectionInTimeGets503WithRetryAfterAndAProblemDetails()
    {
        var (_, key) = await app.CreateAccountAsync("Broker", approve: true);
        var pool = app.Services.GetRequiredService<DatabaseConnections>().Main;
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < SmallPoolFactory.PoolSize; i++)
                held.Add(await pool.OpenConnectionAsync());

            var response = await app.CreateApiClient(key).GetAsync("/api/v1/market");

            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter!.Delta.Should().BePositive();
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("status").GetInt32().Should().Be(503);
            problem.GetProperty("title").GetString().Should().Be("Service momentanément indisponible");
            problem.GetRawText().Should().NotContain("Npgsql").And.NotContain("   at ");
        }
        finally
        {
            foreach (var connection in held)
                await connection.DisposeAsync();
        }

        (await app.CreateApiClient(key).GetAsync("/api/v1/market")).StatusCode.Should().Be(HttpStatusCode.OK, "the pool serves again once connections come back");
    }

    [Fact]
    public async Task APageThatFindsNoFreeConnectionGetsTheFrenchUnavailablePageNotAnError()
    {
        _ = app.Server;
        var pool = app.Services.GetRequiredService<DatabaseConnections>().Main;
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < SmallPoolFactory.PoolSize; i++)
                held.Add(await pool.OpenConnectionAsync());

            var response = await app.CreateClient().GetAsync("/health/ready");
            var page = await app.CreateClient().GetAsync("/verify/" + new string('a', 64));

            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"name\":\"database\"");
            page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            page.Headers.RetryAfter.Should().NotBeNull();
            (await page.Content.ReadAsStringAsync()).Should().Contain("Service momentanément indisponible").And.NotContain("Exception");
        }
        finally
        {
            foreach (var connection in held)
                await connection.DisposeAsync();
        }
    }

    private async Task<long> CountServerConnectionsAsync(string applicationName)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select count(*) from pg_stat_activity where datname = current_database() and application_name = $1", connection)
        {
            Parameters = { new() { Value = applicationName } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
