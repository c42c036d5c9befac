using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Disputes;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Disputes;

/// <summary>The admin's rules: automatic acceptance on objective evidence, and the fee of a refused dispute.</summary>
public class DisputeRuleTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    private DisputeService Disputes => app.Services.GetRequiredService<DisputeService>();

    /// <summary>A lead with this phone from a new provider, bought by the broker through the API.</summary>
    private async Task<Lead> BuyAsync(HttpClient broker, string phone, string? email = null)
    {
        var now = app.Clock.GetUtcNow();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var contact = new LeadContact("Anne-Marie", "Lefèvre-Çağlar", phone, email ?? $"p{Guid.NewGuid():N}@exemple.fr", "69003", "Lyon");
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, now, "CREDIT_IMMO", contact: contact))[0];
        var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .EnsureSuccessStatusCode();
        return lead;
    }

    private static async Task<string> StatusOfAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString()!;
    }

    [Fact]
    public async Task AnUnassignedNumberIsRefundedAtOnceOnlyOnceTheAdminTurnedTheRuleOn()
    {
        var admin = Guid.NewGuid();
        var (_, broker, _) = await _world.BrokerAsync(1500m);
        // Enough purchases that three disputes stay within the 20 % return-rate cap.
        await _world.BuyAsync(broker, 15);
        // "+33 0…" is no French number: libphonenumber's plan has no line there.
        await Disputes.SetAutoAcceptAsync(DisputeEvidence.WrongNumber, false, admin);
        var beforeRule = await BuyAsync(broker, "+33012345678");
        (await StatusOfAsync(await DisputeWorld.DisputeAsync(broker, beforeRule.Id))).Should().Be("Open", "the rule is off");

        await Disputes.SetAutoAcceptAsync(DisputeEvidence.WrongNumber, true, admin);
        var unassigned = await BuyAsync(broker, "+33012345679");
        var assigned = await BuyAsync(broker, "+33612345670");
        var balanceBefore = await DisputeWorld.BalanceAsync(broker);

        (await StatusOfAsync(await DisputeWorld.DisputeAsync(broker, unassigned.Id))).Should().Be("Accepted");
        (await StatusOfAsync(await DisputeWorld.DisputeAsync(broker, assigned.Id))).Should().Be("Open", "a real number needs the admin's eyes");

        (await DisputeWorld.BalanceAsync(broker)).Should().Be(balanceBefore + unassigned.Price);
        await using var db = app.CreateDbContext();
        var dispute = await db.Disputes.SingleAsync(d => d.LeadId == unassigned.Id);
        dispute.AutoAccepted.Should().BeTrue();
        dispute.DecidedBy.Should().BeNull();
        dispute.DecisionNote.Should().Contain("+33012345679").And.Contain("plan de numérotation");
        (await db.AuditLog.CountAsync(a => a.Action == "dispute.auto-accepted" && a.Subject == $"lead:{unassigned.Id}")).Should().Be(1);
        (await db.Purchases.SingleAsync(p => p.LeadId == unassigned.Id)).ReturnedAt.Should().NotBeNull();
    }

    [Fact]
    public async Task AContactTheBrokerHadAlreadyBoughtIsAcceptedAsADuplicateAndOnlyThatReasonHasTheRule()
    {
        await Disputes.SetAutoAcceptAsync(DisputeEvidence.Duplicate, true, Guid.NewGuid());
        var (_, broker, _) = await _world.BrokerAsync(1500m);
        var (_, other, _) = await _world.BrokerAsync(1500m);
        await _world.BuyAsync(broker, 10);
        await _world.BuyAsync(other, 10);
        var first = await BuyAsync(broker, "+33611223344", "jean.dupont@exemple.fr");
        app.Clock.Advance(TimeSpan.FromHours(3));
        var again = await BuyAsync(broker, "+33611223344");
        var otherFirst = await BuyAsync(other, "+33655443322");

        (await StatusOfAsync(await DisputeWorld.DisputeAsync(broker, again.Id, "Duplicate"))).Should().Be("Accepted");
        (await StatusOfAsync(await DisputeWorld.DisputeAsync(other, otherFirst.Id, "Duplicate"))).Should().Be("Open",
            "a first purchase of a contact is no duplicate for its buyer");
        await using var db = app.CreateDbContext();
        (await db.Disputes.SingleAsync(d => d.LeadId == again.Id)).DecisionNote.Should().Contain(first.Id.ToString());

        var notObjective = () => Disputes.SetAutoAcceptAsync("Fake", true, Guid.NewGuid());
        (await notObjective.Should().ThrowAsync<DomainException>()).Which.Message.Should().Contain("aucune preuve objective");
    }

    [Fact]
    public async Task ABrokerPastHisReturnCapIsNeverRefundedAutomatically()
    {
        await Disputes.SetAutoAcceptAsync(DisputeEvidence.WrongNumber, true, Guid.NewGuid());
        var (_, broker, _) = await _world.BrokerAsync(1500m);
        await _world.BuyAsync(broker, 7);
        var leads = new List<Lead>();
        for (var i = 0; i < 3; i++)
            leads.Add(await BuyAsync(broker, $"+3301234560{i}"));

        var statuses = new List<string>();
        foreach (var lead in leads)
            statuses.Add(await StatusOfAsync(await DisputeWorld.DisputeAsync(broker, lead.Id)));

        // Of 10 purchases, the first and second disputes are within 20 %; the third (30 %) waits for the admin.
        statuses.Should().Equal("Accepted", "Accepted", "Open");
    }
}

/// <summary>A refused dispute costs Market:RefusedDisputeFee, never more than the broker's credits.</summary>
public class RefusedDisputeFeeTests
{
    [Fact]
    public async Task ARefusalTakesTheFeeFromTheCreditsUpToWhatIsLeftAndAnAcceptanceNone()
    {
        await using var app = await AppFactory.StartAsync(new MarketFactory { Settings = { ["Market:RefusedDisputeFee"] = "5" } });
        var world = new DisputeWorld(app);
        var disputes = app.Services.GetRequiredService<DisputeService>();
        await using (var fresh = app.CreateDbContext())
            (await fresh.DisputeReasons.CountAsync(r => r.AutoAccept)).Should().Be(0, "no reason is accepted automatically until the admin says so");
        var (brokerId, broker, _) = await world.BrokerAsync(500m);
        var leads = await world.BuyAsync(broker, 10);
        var balance = await DisputeWorld.BalanceAsync(broker);

        var refused = await DisputeWorld.OpenAsync(broker, leads[0].Id);
        await disputes.RefuseAsync(refused, Guid.NewGuid(), "Le numéro répond : c'est le bon prospect.");
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(balance - 5m);

        var accepted = await DisputeWorld.OpenAsync(broker, leads[1].Id);
        await disputes.AcceptAsync(accepted, Guid.NewGuid(), null);
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(balance - 5m + leads[1].Price);

        await using var db = app.CreateDbContext();
        (await db.Disputes.SingleAsync(d => d.Id == refused)).Fee.Should().Be(5m);
        (await db.Disputes.SingleAsync(d => d.Id == accepted)).Fee.Should().BeNull();
        (await db.CreditLedger.SingleAsync(e => e.AccountId == brokerId && e.Kind == LedgerEntryKind.DisputeFee)).Amount.Should().Be(-5m);
        var (sum, last) = await TestData.LedgerAsync(db, brokerId);
        sum.Should().Be(last);
    }

    [Fact]
    public async Task AFeeNeverTakesTheWalletBelowZero()
    {
        await using var app = await AppFactory.StartAsync(new MarketFactory { Settings = { ["Market:RefusedDisputeFee"] = "50" } });
        var world = new DisputeWorld(app);
        var disputes = app.Services.GetRequiredService<DisputeService>();
        var (brokerId, broker, _) = await world.BrokerAsync(60m);
        var lead = (await world.BuyAsync(broker, 1))[0];
        var left = await DisputeWorld.BalanceAsync(broker);
        left.Should().BeLessThan(50m);

        var refused = await DisputeWorld.OpenAsync(broker, lead.Id);
        await disputes.RefuseAsync(refused, Guid.NewGuid(), "Refus motivé.");

        (await DisputeWorld.BalanceAsync(broker)).Should().Be(0m);
        await using var db = app.CreateDbContext();
        (await db.Disputes.SingleAsync(d => d.Id == refused)).Fee.Should().Be(left);
    }
}
