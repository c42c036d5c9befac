using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Disputes;
using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>A dispute accepted automatically on objective evidence reverses the provider's earning like an admin's acceptance.</summary>
public class AutoAcceptedReturnTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task AnUnassignedNumberRefundedAtOnceReversesTheEarningWithNoActor()
    {
        var world = new EarningsWorld(app);
        var (_, broker, _) = await world.Disputes.BrokerAsync(1500m);
        // Enough purchases that the dispute stays within the 20 % return-rate cap.
        await world.Disputes.BuyAsync(broker, 10);
        await app.Services.GetRequiredService<DisputeService>().SetAutoAcceptAsync(DisputeEvidence.WrongNumber, true, await world.AdminIdAsync());
        var now = app.Clock.GetUtcNow();
        Lead lead;
        await using (var db = app.CreateDbContext())
        {
            var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
            // "+33 0…" is no French number: the evidence the rule accepts on.
            var contact = new LeadContact("Anne-Marie", "Lefèvre", "+33012345679", $"p{Guid.NewGuid():N}@exemple.fr", "69003", "Lyon");
            lead = (await TestData.AddLeadsAsync(db, provider, 1, now, "CREDIT_IMMO", contact: contact))[0];
        }
        var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" })).EnsureSuccessStatusCode();

        var status = (await (await DisputeWorld.DisputeAsync(broker, lead.Id)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();

        status.Should().Be("Accepted");
        var lines = await world.LinesAsync(lead.ProviderId);
        lines.Select(l => l.Kind).Should().Equal(EarningKind.Sale, EarningKind.Return);
        lines[1].Amount.Should().Be(-lines[0].Amount);
        lines[1].ActorId.Should().BeNull();
        (await world.Queries.PositionAsync(lead.ProviderId)).Should().Be(EarningsPosition.Zero);
    }
}
