using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The consent proofs: append-only rows, a hash chain that stays valid under concurrent ingestion and breaks where data changed.</summary>
public class ConsentChainTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static async Task<string> PostLeadAsync(AppFactory app, HttpClient provider, DateTimeOffset now) =>
        (await (await provider.PostAsJsonAsync("/api/v1/leads", LeadRequests.Lead(now))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("proofHash").GetString()!;

    [Theory]
    [InlineData("update consent_records set text = 'autre' where proof_hash = $1", "UPDATE")]
    [InlineData("delete from consent_records where proof_hash = $1", "DELETE")]
    public async Task ConsentRowsRefuseUpdateAndDeleteWithTheAppendOnlyError(string sql, string operation)
    {
        var (_, key) = await app.CreateAccountAsync("Provider", approve: true);
        var proof = await PostLeadAsync(app, app.CreateApiClient(key), app.Clock.GetUtcNow());
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // Rolled back whatever happens: were the trigger gone, the shared database would keep its proofs.
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, tx) { Parameters = { new() { Value = proof } } };

        var change = () => command.ExecuteNonQueryAsync();

        var refused = (await change.Should().ThrowAsync<PostgresException>()).Which;
        refused.SqlState.Should().Be(PostgresErrorCodes.RestrictViolation);
        refused.MessageText.Should().Be($"consent_records is append-only: {operation} refused");
        await tx.RollbackAsync();
        await using var db = app.CreateDbContext();
        (await db.ConsentRecords.SingleAsync(c => c.ProofHash == proof)).Text.Should().NotBe("autre");
    }

    [Fact]
    public async Task ConcurrentIngestionKeepsTheChainValidAndAChangedLeadBreaksItAtItsPosition()
    {
        // Alters a lead behind the app's back: a database of its own.
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var (_, key) = await own.CreateAccountAsync("Provider", approve: true);
        var client = own.CreateApiClient(key);
        var verifier = own.Services.GetRequiredService<ConsentVerifier>();
        var posts = Enumerable.Range(0, 8).Select(_ =>
            client.PostAsJsonAsync("/api/v1/leads/bulk", new { leads = Enumerable.Range(0, 25).Select(_ => LeadRequests.Lead(own.Clock.GetUtcNow())).ToArray() }));
        foreach (var response in await Task.WhenAll(posts))
            response.StatusCode.Should().Be(HttpStatusCode.OK);

        var report = await verifier.VerifyChainAsync();
        report.Valid.Should().BeTrue(report.Problem);
        report.Records.Should().Be(200);

        var victim = await PostLeadAsync(own, client, own.Clock.GetUtcNow());
        await using var db = own.CreateDbContext();
        var record = await db.ConsentRecords.SingleAsync(c => c.ProofHash == victim);
        var phone = (await db.Leads.SingleAsync(l => l.Id == record.LeadId)).Phone;
        await db.Database.ExecuteSqlAsync($"update leads set phone = '+33699999999' where id = {record.LeadId}");
        var broken = await verifier.VerifyChainAsync();
        broken.Valid.Should().BeFalse();
        broken.FirstBrokenPosition.Should().Be(record.ChainPosition);
        broken.Problem.Should().Contain($"position {record.ChainPosition}");
        (await verifier.VerifyAsync(victim))!.Valid.Should().BeFalse();
        // Put it back: the same data verifies again.
        await db.Database.ExecuteSqlAsync($"update leads set phone = {phone} where id = {record.LeadId}");
        (await verifier.VerifyChainAsync()).Valid.Should().BeTrue();
    }
}
