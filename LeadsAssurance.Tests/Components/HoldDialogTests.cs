using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Broker;
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
}
