using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Broker;
using LeadsAssurance.Web.Components.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Components;

/// <summary>The hold dialog a broker opens from the market room, on the running app.</summary>
public class HoldDialogTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task ABrokerAtTheHoldLimitIsToldWhyAndNotThatSomeoneElseTookTheLead()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, 6, app.Clock.GetUtcNow(), "ASSURANCE_HABITATION");
        var market = app.Services.GetRequiredService<MarketService>();
        foreach (var lead in leads.Take(5))
            await market.ReserveAsync(lead.Id, brokerId);
        await using var ctx = AppPages.SignedIn(app, brokerId, "Broker");
        var dialogs = ctx.RenderProviders();
        var room = ctx.Render<MarketRoom>();
        room.WaitForAssertion(() => room.Find($"[data-lead-id='{leads[5].Id}']"));

        room.Find($"[data-lead-id='{leads[5].Id}'] [data-testid=buy]").Click();

        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=hold-taken]").TextContent
            .Should().Contain("Vous avez déjà 5 leads en réservation : payez-en ou libérez-en un."));
        dialogs.Markup.Should().NotContain("réservé ou acheté par un autre courtier");
    }

    [Fact]
    public async Task TheGridComputesThePriceNowAndItsNextDropAndTheHoldDialogShowsTheLockedPrice()
    {
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        await using var db = app.CreateDbContext();
        var catalog = app.Services.GetRequiredService<CatalogService>();
        var admin = await db.Users.Where(u => u.Email == AppFactory.AdminEmail).Select(u => u.Id).SingleAsync();
        var product = (await catalog.GetAsync("ASSURANCE_OBSEQUES"))!;
        await catalog.UpdateAsync(product.Code, new ProductChanges(product.Label, 20m, product.MaxBuyers, true, new PriceSchedule(12m, 2m, TimeSpan.FromHours(6))), admin);
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, app.Clock.GetUtcNow() - new TimeSpan(4, 48, 0), product.Code))[0];
        await using var ctx = AppPages.SignedIn(app, brokerId, "Broker");
        var dialogs = ctx.RenderProviders();
        var room = ctx.Render<MarketRoom>();
        string PriceCell() => room.Find($"[data-lead-id='{lead.Id}'] [data-testid=price]").TextContent;
        room.WaitForAssertion(() => PriceCell().Should().Contain(Fr.Euros(20m)).And.Contain($"−{Fr.Euros(2m)} dans 1 h 12"));

        app.Clock.Advance(new TimeSpan(1, 11, 30));
        room.Render(); // any re-render (a market event, a page change): no server read, no push per step
        var before = PriceCell();
        room.Find($"[data-lead-id='{lead.Id}'] [data-testid=buy]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=held-price]").TextContent.Should().Be(Fr.Euros(20m)));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        room.Render();
        dialogs.Render();

        before.Should().Contain(Fr.Euros(20m)).And.Contain($"−{Fr.Euros(2m)} dans moins d'une minute");
        PriceCell().Should().Contain(Fr.Euros(18m)).And.Contain($"−{Fr.Euros(2m)} dans 5 h 59");
        dialogs.Find("[data-testid=held-price]").TextContent.Should().Be(Fr.Euros(20m), "the hold locked the price of its instant");
        dialogs.Markup.Should().Contain("bloqué pendant la réservation");
    }
}
