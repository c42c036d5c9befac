using Bunit;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using LeadsAssurance.Web.Components.Pages.Broker;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Components;

/// <summary>A refunded card top-up already spent: the broker is told what he owes, the admin sees it and takes it back.</summary>
public class CardDebtPagesTests(PaymentFactory app) : IClassFixture<PaymentFactory>
{
    [Fact]
    public async Task TheBrokerSeesHisDebtAndTheAdminRecoversItFromTheDashboardLive()
    {
        var (broker, _) = await app.BrokerAsync();
        var payment = await app.Payments.StartTopUpAsync(broker, 50m, "https://app.exemple.fr");
        var session = app.SessionOf(payment);
        await app.DeliverAsync(FakeStripe.Event(session));
        var lead = await app.LeadAsync();
        var market = app.Services.GetRequiredService<LeadsAssurance.Domain.Market.MarketService>();
        await market.PayWithCreditsAsync((await market.ReserveAsync(lead.Id, broker)).ReservationId, broker);

        await using var adminCtx = AppPages.SignedIn(app, Guid.NewGuid(), "Admin");
        adminCtx.RenderProviders();
        var panel = adminCtx.Render<CardDebtsPanel>();
        panel.Markup.Should().NotContain("card-debts", "nothing was taken back yet");

        await app.DeliverAsync(FakeStripe.ChargeRefunded(session, 5000));

        panel.WaitForAssertion(() => panel.Find("[data-testid=card-debt-outstanding]").TextContent.Should().Be(Fr(lead.Price)));
        await using var brokerCtx = AppPages.SignedIn(app, broker, "Broker");
        var credits = brokerCtx.Render<Credits>();
        credits.WaitForAssertion(() => credits.Find("[data-testid=card-debt]").TextContent.Should().Contain(Fr(lead.Price)));

        await TestData.TopUpAsync(app.Services, broker, 100m);
        panel.Find("[data-testid=card-debt-recover]").Click();

        panel.WaitForAssertion(() => panel.Find("[data-testid=card-debt-outstanding]").TextContent.Should().Be(Fr(0m)));
        (await app.BalanceAsync(broker)).Should().Be(100m - lead.Price);
        credits.WaitForAssertion(() => credits.FindAll("[data-testid=card-debt]").Should().BeEmpty());
    }

    private static string Fr(decimal euros) => euros.ToString("C", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
}
