using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// The 30-day dedupe probes a batch before the consent chain lock, then, under it, looks at what was committed since:
/// from this process's memory of its own commits, or from the database for anyone else's.
/// </summary>
public class IngestionRaceTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private LeadIngestion Ingestion => app.Services.GetRequiredService<LeadIngestion>();

    private LeadSubmission Submission(string phone, string email) => new("MUTUELLE_SANTE", "Éloïse", "Dupont", phone, email, "69003", "Lyon",
        new JsonObject { ["regime"] = "general", ["composition"] = "couple", ["dateNaissance"] = "1980-05-17", ["niveau"] = "confort" }, null,
        new ConsentSubmission("J'accepte d'être contactée.", "v1", app.Clock.GetUtcNow().AddHours(-1), "203.0.113.7", "test", "https://exemple.fr", ["Cabinet Martin"]));

    [Fact]
    public async Task ALeadAnotherNodeCommitsAfterABatchWasProbedMakesItsTwinADuplicate()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var db = app.CreateDbContext();
        var prepared = await Ingestion.PrepareAsync(providerId, [Submission("0678000001", "race.1@exemple.fr"), Submission("0678000002", "race.2@exemple.fr")]);
        await using var staged = await Ingestion.StageAsync(providerId, prepared);

        // Written through the chain as another node would, unknown to this process's record of its own commits.
        await TestData.AddLeadsAsync(db, providerId, 1, app.Clock.GetUtcNow(), phone: "+33678000001");
        var results = await Ingestion.CommitAsync(staged, null);

        results.Select(r => r.Status).Should().Equal(IngestionStatus.Duplicate, IngestionStatus.Accepted);
        (await db.Leads.CountAsync(l => l.Phone == "+33678000001")).Should().Be(1);
        (await db.Leads.CountAsync(l => l.Phone == "+33678000002")).Should().Be(1);
        (await app.Services.GetRequiredService<ConsentVerifier>().VerifyChainAsync()).Valid.Should().BeTrue();
    }

    [Fact]
    public async Task ABatchThisProcessCommitsAfterAnotherWasProbedMakesItsTwinADuplicate()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var first = await Ingestion.StageAsync(providerId, await Ingestion.PrepareAsync(providerId, [Submission("0678000003", "race.3@exemple.fr")]));
        var second = await Ingestion.StageAsync(providerId, await Ingestion.PrepareAsync(providerId,
            [Submission("0678000004", "race.4@exemple.fr"), Submission("0678000005", "RACE.3@exemple.fr")]));

        var firstResults = await Ingestion.CommitAsync(first, null);
        var secondResults = await Ingestion.CommitAsync(second, null);
        await first.DisposeAsync();
        await second.DisposeAsync();

        firstResults.Select(r => r.Status).Should().Equal(IngestionStatus.Accepted);
        secondResults.Select(r => r.Status).Should().Equal(IngestionStatus.Accepted, IngestionStatus.Duplicate);
        secondResults[1].Reason.Should().Contain("même e-mail");
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync(l => l.ProviderId == providerId)).Should().Be(2);
    }
}
