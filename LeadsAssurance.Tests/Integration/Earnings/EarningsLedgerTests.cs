using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>The providers' earnings ledger: written by every kind of sale, at the product's commission then, append-only, summing to the balances.</summary>
public class EarningsLedgerTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly EarningsWorld _world = new(app);

    [Fact]
    public async Task ASharedLeadBoughtByTwoFlowsAtIngestionEarnsItsProviderTwice()
    {
        var flows = new FlowWorld(app, app.Clock.GetUtcNow());
        await FlowWorld.FlowAsync((await flows.BrokerAsync()).Client, "44", exclusive: false);
        await FlowWorld.FlowAsync((await flows.BrokerAsync()).Client, "44", exclusive: false);
        var provider = await flows.ProviderAsync();

        var leadId = (await flows.PostAsync(provider, "44", 1, exclusive: false)).Single();

        await using var db = app.CreateDbContext();
        var lead = await db.Leads.SingleAsync(l => l.Id == leadId);
        var purchases = await db.Purchases.Where(p => p.LeadId == leadId).Select(p => p.Id).ToListAsync();
        var lines = await _world.LinesAsync(lead.ProviderId);
        purchases.Should().HaveCount(2);
        lines.Select(l => l.PurchaseId).Should().BeEquivalentTo(purchases.Cast<Guid?>());
        lines.Should().AllSatisfy(l =>
        {
            l.Kind.Should().Be(EarningKind.Sale);
            l.ProductCode.Should().Be("MUTUELLE_SANTE");
            l.Amount.Should().Be(lead.Price - decimal.Round(lead.Price * 0.30m, 2, MidpointRounding.AwayFromZero));
        });
        (await _world.Queries.PositionAsync(lead.ProviderId)).Held.Should().Be(lines.Sum(l => l.Amount));
    }

    [Fact]
    public async Task ANewCommissionAppliesToLaterSalesOnlyAndIsAudited()
    {
        var catalog = app.Services.GetRequiredService<CatalogService>();
        var admin = await _world.AdminIdAsync();
        var (_, broker, _) = await _world.Disputes.BrokerAsync();
        var before = (await _world.Disputes.BuyAsync(broker))[0];

        var product = (await catalog.GetAsync("CREDIT_IMMO"))!;
        await catalog.UpdateAsync("CREDIT_IMMO", new ProductChanges(product.Label, product.Price, product.MaxBuyers, product.IsActive,
            product.PriceSchedule, 0.25m), admin);
        var after = (await _world.Disputes.BuyAsync(broker))[0];
        await catalog.UpdateAsync("CREDIT_IMMO", new ProductChanges(product.Label, product.Price, product.MaxBuyers, product.IsActive,
            product.PriceSchedule, Product.DefaultCommissionRate), admin);

        var old = (await _world.LinesAsync(before.ProviderId)).Single();
        var recent = (await _world.LinesAsync(after.ProviderId)).Single();
        old.CommissionRate.Should().Be(0.30m);
        recent.CommissionRate.Should().Be(0.25m);
        recent.Commission.Should().Be(decimal.Round(after.Price * 0.25m, 2, MidpointRounding.AwayFromZero));
        await using var db = app.CreateDbContext();
        (await db.AuditLog.Where(a => a.Subject == "product:CREDIT_IMMO" && a.ActorId == admin).Select(a => a.Details).ToListAsync())
            .Should().Contain(d => d!.Contains("commission 30 % · actif →") && d.EndsWith("commission 25 % · actif"));
    }

    [Fact]
    public async Task ACommissionOutsideZeroToOneHundredPercentIsRefused()
    {
        var catalog = app.Services.GetRequiredService<CatalogService>();
        var product = (await catalog.GetAsync("ASSURANCE_MOTO"))!;

        var act = () => catalog.UpdateAsync("ASSURANCE_MOTO", new ProductChanges(product.Label, product.Price, product.MaxBuyers, product.IsActive,
            product.PriceSchedule, 1.2m), Guid.NewGuid());

        await act.Should().ThrowAsync<LeadsAssurance.Domain.DomainException>().WithMessage("La commission doit être comprise entre 0 % et 100 %*");
        (await catalog.GetAsync("ASSURANCE_MOTO"))!.CommissionRate.Should().Be(0.30m);
    }

    [Fact]
    public async Task TheDatabaseRefusesToChangeOrDeleteAnEarningsLine()
    {
        var (_, broker, _) = await _world.Disputes.BrokerAsync();
        var lead = (await _world.Disputes.BuyAsync(broker))[0];
        await using var db = app.CreateDbContext();

        var update = () => db.Database.ExecuteSqlAsync($"update provider_earnings set amount = amount + 1 where provider_id = {lead.ProviderId}");
        var delete = () => db.Database.ExecuteSqlAsync($"delete from provider_earnings where provider_id = {lead.ProviderId}");

        await update.Should().ThrowAsync<PostgresException>();
        await delete.Should().ThrowAsync<PostgresException>();
        (await _world.LinesAsync(lead.ProviderId)).Should().ContainSingle();
    }

    [Fact]
    public async Task EachProvidersLedgerSumsToHisAvailableAndHeldBalances()
    {
        var (_, broker, _) = await _world.Disputes.BrokerAsync(2000m);
        var kept = await _world.Disputes.BuyAsync(broker, 3);
        var returned = await _world.Disputes.BuyAsync(broker, 2);
        await _world.AcceptAsync(await DisputeWorld.OpenAsync(broker, returned[0].Id));
        await DisputeWorld.OpenAsync(broker, kept[1].Id);

        foreach (var provider in new[] { kept[0].ProviderId, returned[0].ProviderId })
        {
            var lines = await _world.LinesAsync(provider);
            var position = await _world.Queries.PositionAsync(provider);
            position.Balance.Should().Be(lines.Sum(l => l.Amount));
            position.Available.Should().Be(0m, "every sale is still within its dispute window");
        }
        var returnedLines = await _world.LinesAsync(returned[0].ProviderId);
        var reversal = returnedLines.Should().ContainSingle(l => l.Kind == EarningKind.Return).Subject;
        returnedLines.Sum(l => l.Amount).Should().Be(returnedLines.Single(l => l.Kind == EarningKind.Sale && l.Reference != reversal.Reference).Amount);
    }
}
