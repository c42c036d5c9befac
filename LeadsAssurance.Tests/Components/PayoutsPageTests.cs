using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Tests.Integration.Earnings;
using LeadsAssurance.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace LeadsAssurance.Tests.Components;

/// <summary>The admin's payouts page (/admin/payouts): the month's amounts per provider, and a transfer marked paid.</summary>
public class PayoutsPageTests
{
    [Fact]
    public async Task TheAdminMarksAProvidersMonthPaidWithItsBankReference()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var (providerId, _, _) = await world.ProviderAsync();
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        await world.BuyFromAsync(providerId, broker, 1);
        var net = (await world.LinesAsync(providerId)).Single().Amount;
        // 1 January 2027: the page opens on December, the month the sale of 24 November was released in.
        app.Clock.Advance(TimeSpan.FromDays(38));
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var ctx = AppPages.SignedIn(app, admin, "Admin");
        ctx.RenderProviders();

        var page = ctx.Render<Payouts>();
        page.WaitForAssertion(() => page.FindAll("[data-testid=payout-row]").Should().ContainSingle());
        var row = page.Find("[data-testid=payout-row]");
        row.QuerySelector("[data-testid=payout-due]")!.TextContent.Should().Contain(net.ToString("C", France.Culture));
        page.Find("[data-testid=payouts-csv]").GetAttribute("href").Should().Be("/admin/payouts.csv?year=2026&month=12");

        await page.InvokeAsync(() => page.Find("[data-testid=mark-paid]").ClickAsync(new MouseEventArgs()));
        var reference = page.Find("[data-testid=payout-reference]");
        await page.InvokeAsync(() => (reference.TagName == "INPUT" ? reference : reference.QuerySelector("input")!).InputAsync(new ChangeEventArgs { Value = "VIR-2026-12-42" }));
        await page.InvokeAsync(() => page.Find("[data-testid=confirm-paid]").ClickAsync(new MouseEventArgs()));

        page.WaitForAssertion(() => page.Find("[data-testid=payout-due]").TextContent.Should().Contain("0,00 €"));
        page.Find("[data-testid=payout-row]").TextContent.Should().Contain("VIR-2026-12-42");
        page.FindAll("[data-testid=mark-paid]").Should().BeEmpty();
        (await world.LinesAsync(providerId)).Should().Contain(l => l.Kind == EarningKind.Payout && l.Amount == -net && l.Reference == "VIR-2026-12-42");
    }
}
