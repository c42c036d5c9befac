using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Partners;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Partners;

/// <summary>
/// Whether a lead's consent names the broker (company name, declared trade names, ORIAS number), as the market shows it,
/// as a product can require it for a hold, and as flows respect it. Products changed here are changed back.
/// </summary>
public class NamedPartnerTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private MarketService Market => app.Services.GetRequiredService<MarketService>();
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private async Task RequireNamingAsync(string product, bool required)
    {
        await using var db = app.CreateDbContext();
        (await db.Products.SingleAsync(p => p.Code == product)).SetRequireNamedPartner(required);
        await db.SaveChangesAsync();
    }

    private async Task<Guid> BrokerAsync(string companyName, string? orias = null)
    {
        await using var db = app.CreateDbContext();
        var id = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, Now))[0];
        var user = await db.Users.SingleAsync(u => u.Id == id);
        user.CompanyName = companyName;
        user.OriasNumber = orias;
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task AProductRequiringNamingRefusesAHoldByAnUnnamedBrokerAndAcceptsANamedOne()
    {
        await RequireNamingAsync("ASSURANCE_AUTO", true);
        try
        {
            var named = await BrokerAsync("Assur Plus SARL");
            var unnamed = await BrokerAsync("Assur Plus Conseil");
            await using var db = app.CreateDbContext();
            var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
            var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now, "ASSURANCE_AUTO", exclusive: false, partners: ["ASSUR PLUS (S.A.S.)", "Durand"]))[0];

            var refused = () => Market.ReserveAsync(lead.Id, unnamed);
            var hold = await Market.ReserveAsync(lead.Id, named);

            (await refused.Should().ThrowAsync<NamedPartnerRequiredException>()).Which.Message.Should().StartWith("Ce produit exige que vous soyez cité");
            hold.LeadId.Should().Be(lead.Id);
            (await db.Reservations.CountAsync(r => r.LeadId == lead.Id)).Should().Be(1, "the refused broker holds nothing");
            (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id)).HeldCount.Should().Be(1);
        }
        finally
        {
            await RequireNamingAsync("ASSURANCE_AUTO", false);
        }
    }

    [Fact]
    public async Task WithoutTheRequirementAnUnnamedBrokerStillHolds()
    {
        var unnamed = await BrokerAsync("Cabinet Inconnu");
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now, "ASSURANCE_HABITATION", partners: ["Durand"]))[0];

        var hold = await Market.ReserveAsync(lead.Id, unnamed);

        hold.LeadId.Should().Be(lead.Id);
    }

    [Fact]
    public async Task TheApiRefusesTheHoldWith403UntilTheBrokerDeclaresTheTradeNameTheConsentUses()
    {
        await RequireNamingAsync("ASSURANCE_MOTO", true);
        try
        {
            var world = new FlowWorld(app, Now);
            var (brokerId, broker) = await world.BrokerAsync();
            await using var db = app.CreateDbContext();
            var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
            var lead = (await TestData.AddLeadsAsync(db, provider, 1, Now, "ASSURANCE_MOTO", partners: ["Les Courtiers d'Élite", "Durand"]))[0];

            var refused = await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null);
            await app.Services.GetRequiredService<BrokerIdentity>().DeclareTradeNamesAsync(brokerId, ["LES COURTIERS D ELITE"]);
            var accepted = await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null);

            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("title").GetString().Should().Be("Not named in the consent");
            problem.GetProperty("detail").GetString().Should().Contain("cité parmi les partenaires du consentement");
            accepted.StatusCode.Should().Be(HttpStatusCode.Created);
        }
        finally
        {
            await RequireNamingAsync("ASSURANCE_MOTO", false);
        }
    }

    [Fact]
    public async Task TheMarketTellsEachBrokerWhetherALeadNamesHimAndFiltersOnIt()
    {
        var world = new FlowWorld(app, Now);
        var (brokerId, broker) = await world.BrokerAsync();
        await app.Services.GetRequiredService<BrokerIdentity>().DeclareTradeNamesAsync(brokerId, ["Mutuelles du Sud-Ouest"]);
        var (_, other) = await world.BrokerAsync();
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Now))[0];
        var byTradeName = (await TestData.AddLeadsAsync(db, provider, 1, Now, "PREVOYANCE", partners: ["MUTUELLES DU SUD OUEST SAS"]))[0];
        var byOrias = (await TestData.AddLeadsAsync(db, provider, 1, Now, "PREVOYANCE", partners: ["Un autre nom (ORIAS n° 12 345 678)"]))[0];
        var notNamed = (await TestData.AddLeadsAsync(db, provider, 1, Now, "PREVOYANCE", partners: ["Mutuelles du Sud"]))[0];

        var all = await ItemsAsync(broker, "product=PREVOYANCE");
        var namedOnly = await ItemsAsync(broker, "product=PREVOYANCE&namedPartner=true");
        var unnamedOnly = await ItemsAsync(broker, "product=PREVOYANCE&namedPartner=false");
        var forOther = await ItemsAsync(other, "product=PREVOYANCE");

        all[byTradeName.Id].Should().BeTrue();
        all[byOrias.Id].Should().BeTrue("every broker created by the tests has ORIAS 12345678");
        all[notNamed.Id].Should().BeFalse();
        namedOnly.Keys.Should().BeEquivalentTo([byTradeName.Id, byOrias.Id]);
        unnamedOnly.Keys.Should().BeEquivalentTo([notNamed.Id]);
        forOther[byTradeName.Id].Should().BeFalse("the other broker did not declare that trade name");
    }

    [Fact]
    public async Task AFlowForNamedLeadsOnlyBuysOnlyTheLeadsThatNameItsBroker()
    {
        var world = new FlowWorld(app, Now);
        var (_, broker) = await world.BrokerAsync();
        var created = await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "Cité uniquement", productCodes = new[] { "MUTUELLE_SANTE" }, departements = new[] { "21" }, namedPartnerOnly = true,
        });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var flow = await created.Content.ReadFromJsonAsync<JsonElement>();
        var provider = await world.ProviderAsync();

        var named = await PostAsync(world, provider, "21", "Broker Test");
        var unnamed = await PostAsync(world, provider, "21", "Cabinet Martin");

        flow.GetProperty("namedPartnerOnly").GetBoolean().Should().BeTrue();
        await using var db = app.CreateDbContext();
        var flowId = flow.GetProperty("id").GetGuid();
        (await db.Purchases.Where(p => p.FlowId == flowId).Select(p => p.LeadId).ToListAsync()).Should().Equal(named);
        (await db.Purchases.AnyAsync(p => p.LeadId == unnamed)).Should().BeFalse();
    }

    [Fact]
    public async Task AFlowNeverBuysForAnUnnamedBrokerALeadOfAProductThatRequiresNaming()
    {
        await RequireNamingAsync("MUTUELLE_SANTE", true);
        try
        {
            var world = new FlowWorld(app, Now);
            var (_, broker) = await world.BrokerAsync();
            var flowId = await FlowWorld.FlowAsync(broker, "29");
            var provider = await world.ProviderAsync();

            var unnamed = await PostAsync(world, provider, "29", "Cabinet Martin");
            var named = await PostAsync(world, provider, "29", "BROKER-TEST");

            await using var db = app.CreateDbContext();
            (await db.Purchases.Where(p => p.FlowId == flowId).Select(p => p.LeadId).ToListAsync()).Should().Equal(named);
            (await db.Purchases.AnyAsync(p => p.LeadId == unnamed)).Should().BeFalse();
        }
        finally
        {
            await RequireNamingAsync("MUTUELLE_SANTE", false);
        }
    }

    /// <summary>Posts one Mutuelle santé lead whose consent names <paramref name="partner"/> alone; returns its id.</summary>
    private static async Task<Guid> PostAsync(FlowWorld world, HttpClient provider, string departement, string partner)
    {
        var body = JsonSerializer.SerializeToNode(world.Lead(departement))!.AsObject();
        body["consent"]!["partners"] = new System.Text.Json.Nodes.JsonArray(partner);
        var response = await provider.PostAsJsonAsync("/api/v1/leads", body);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<Dictionary<Guid, bool>> ItemsAsync(HttpClient broker, string query) =>
        (await broker.GetFromJsonAsync<JsonElement>($"/api/v1/market?{query}&pageSize=200")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("namedPartner").GetBoolean());
}
