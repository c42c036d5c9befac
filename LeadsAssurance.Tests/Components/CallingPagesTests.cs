using Bunit;
using LeadsAssurance.Domain.Calling;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Broker;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>"Mes achats" shows each purchase against the calling rules and records a call in place.</summary>
public class CallingPagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    [Fact]
    public async Task ABrokerSeesTheCallWindowAndRecordsACallFromMesAchats()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];
        await using var ctx = AppPages.SignedIn(app, brokerId, "Broker");
        ctx.RenderProviders();
        var page = ctx.Render<Purchases>();
        string Row() => page.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=calling]").TextContent;
        page.WaitForAssertion(() => Row().Should().Contain("Appel possible encore").And.Contain("Horaire légal maintenant").And.Contain("0/4 appels"));

        page.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=calling-add]").Click();
        page.WaitForAssertion(() => page.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=calling-save]"));
        page.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=calling-save]").Click();
        page.WaitForAssertion(() => Row().Should().Contain("Indiquez le résultat de l'appel."));
        await page.InvokeAsync(() => page.FindComponents<MudSelect<CallOutcome?>>().Single().Instance.ValueChanged.InvokeAsync(CallOutcome.Voicemail));
        page.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=calling-save]").Click();

        page.WaitForAssertion(() => Row().Should().Contain("1/4 appels"));
        page.FindAll("[data-testid=calling-form]").Should().BeEmpty();
    }
}
