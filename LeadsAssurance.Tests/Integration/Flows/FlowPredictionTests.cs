using System.Text.Json.Nodes;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>
/// Staging copies a batch's leads with the places flows will most likely take (an unlocked prediction); the commit
/// decides under the locks. A flow that changes between the two must leave each lead exactly as routing decided.
/// </summary>
public class FlowPredictionTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private FlowWorld World => new(app, app.Clock.GetUtcNow());
    private LeadIngestion Ingestion => app.Services.GetRequiredService<LeadIngestion>();

    private LeadSubmission Submission(string zip, string city)
    {
        var n = Random.Shared.Next(10_000_000, 20_000_000);
        return new("MUTUELLE_SANTE", "Éloïse", "Dupont", $"06{n}", $"prediction.{n}@exemple.fr", zip, city,
            new JsonObject { ["regime"] = "general", ["composition"] = "couple", ["dateNaissance"] = "1980-05-17", ["niveau"] = "confort" }, true,
            new ConsentSubmission("J'accepte d'être contactée.", "v1", app.Clock.GetUtcNow().AddHours(-1), "203.0.113.7", "test", "https://exemple.fr", ["Cabinet Martin"]));
    }

    private async Task<(Guid ProviderId, LeadIngestion.StagedWrite Staged)> StageAsync(string zip, string city, int count)
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var prepared = await Ingestion.PrepareAsync(providerId, [.. Enumerable.Range(0, count).Select(_ => Submission(zip, city))]);
        return (providerId, await Ingestion.StageAsync(providerId, prepared));
    }

    [Fact]
    public async Task AFlowPausedBetweenStagingAndCommitBuysNothingAndTheLeadsAreListedWhole()
    {
        var (_, broker) = await World.BrokerAsync();
        var flowId = await FlowWorld.FlowAsync(broker, "38");
        var (_, staged) = await StageAsync("38000", "Grenoble", 3);
        await using var _ = staged;
        (await broker.PostAsync($"/api/v1/flows/{flowId}/pause", null)).EnsureSuccessStatusCode();

        var results = await Ingestion.CommitAsync(staged, null);

        results.Should().OnlyContain(r => r.Status == IngestionStatus.Accepted && r.LeadStatus == LeadStatus.Stock);
        await using var db = app.CreateDbContext();
        var ids = results.Select(r => r.LeadId!.Value).ToList();
        var leads = await db.Leads.Where(l => ids.Contains(l.Id)).ToListAsync();
        leads.Should().HaveCount(3).And.OnlyContain(l => l.Status == LeadStatus.Stock && l.SoldCount == 0,
            "they were copied as sold to the flow the prediction saw, and the commit gave the places back");
        (await db.Purchases.CountAsync(p => ids.Contains(p.LeadId))).Should().Be(0);
    }

    [Fact]
    public async Task AFlowResumedBetweenStagingAndCommitBuysTheLeadsTheStagingCopiedUnsold()
    {
        var (_, broker) = await World.BrokerAsync();
        var flowId = await FlowWorld.FlowAsync(broker, "73");
        (await broker.PostAsync($"/api/v1/flows/{flowId}/pause", null)).EnsureSuccessStatusCode();
        var (_, staged) = await StageAsync("73000", "Chambéry", 2);
        await using var _ = staged;
        (await broker.PostAsync($"/api/v1/flows/{flowId}/resume", null)).EnsureSuccessStatusCode();

        var results = await Ingestion.CommitAsync(staged, null);

        results.Should().OnlyContain(r => r.LeadStatus == LeadStatus.Sold);
        await using var db = app.CreateDbContext();
        var ids = results.Select(r => r.LeadId!.Value).ToList();
        (await db.Leads.Where(l => ids.Contains(l.Id)).ToListAsync()).Should().HaveCount(2)
            .And.OnlyContain(l => l.Status == LeadStatus.Sold && l.SoldCount == 1);
        (await db.Purchases.CountAsync(p => ids.Contains(p.LeadId) && p.FlowId == flowId)).Should().Be(2);
    }

    [Fact]
    public async Task WhenThePredictionHoldsTheLeadsAreSoldWithTheirPurchases()
    {
        var (_, broker) = await World.BrokerAsync();
        var flowId = await FlowWorld.FlowAsync(broker, "74");
        var (_, staged) = await StageAsync("74000", "Annecy", 2);
        await using var _ = staged;

        var results = await Ingestion.CommitAsync(staged, null);

        results.Should().OnlyContain(r => r.LeadStatus == LeadStatus.Sold);
        await using var db = app.CreateDbContext();
        var ids = results.Select(r => r.LeadId!.Value).ToList();
        var leads = await db.Leads.Where(l => ids.Contains(l.Id)).ToListAsync();
        leads.Should().OnlyContain(l => l.Status == LeadStatus.Sold && l.SoldCount == 1);
        (await db.Purchases.CountAsync(p => ids.Contains(p.LeadId) && p.FlowId == flowId)).Should().Be(2);
    }
}
