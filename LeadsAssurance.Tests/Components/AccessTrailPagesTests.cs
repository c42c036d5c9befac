using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using LeadsAssurance.Web.Components.Pages.Broker;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Components;

/// <summary>The access trail on the pages: "Mes achats" records what it shows (once per page), the admin reads it by lead.</summary>
public class AccessTrailPagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    private async Task<List<ContactReveal>> PageRevealsAsync(Guid brokerId)
    {
        await using var db = app.CreateDbContext();
        return await db.ContactReveals.Where(r => r.BrokerId == brokerId && r.Channel == RevealChannel.PurchasesPage).OrderBy(r => r.Id).ToListAsync();
    }

    private static AngleSharp.Dom.IElement Input(AngleSharp.Dom.IElement field) =>
        field.TagName is "INPUT" ? field : field.QuerySelector("input")!;

    [Fact]
    public async Task MesAchatsRecordsEachContactItShowsOnceAndTheAdminFindsItByLead()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync(300m);
        var first = (await _world.BuyAsync(broker))[0];
        await using var brokerCtx = AppPages.SignedIn(app, brokerId, "Broker");
        var purchases = brokerCtx.Render<Purchases>();
        purchases.WaitForAssertion(() => purchases.Markup.Should().Contain(first.Id.ToString()));
        (await PageRevealsAsync(brokerId)).Should().ContainSingle().Which.LeadIds.Should().Equal(first.Id);

        // A purchase made elsewhere appears live: only the new contact is recorded again.
        var second = (await _world.BuyAsync(broker))[0];
        purchases.WaitForAssertion(() => purchases.Markup.Should().Contain(second.Id.ToString()));
        var reveals = await PageRevealsAsync(brokerId);
        reveals.Should().HaveCount(2);
        reveals[1].LeadIds.Should().Equal(second.Id);

        var adminId = (await _world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var adminCtx = AppPages.SignedIn(app, adminId, "Admin");
        adminCtx.RenderProviders();
        var trail = adminCtx.Render<AccessTrail>();
        trail.WaitForAssertion(() => trail.FindAll("[data-testid=trail-row]").Should().NotBeEmpty());
        Input(trail.Find("[data-testid=trail-lead]")).Change("pas-un-identifiant");
        trail.WaitForAssertion(() => trail.Markup.Should().Contain("Identifiant de lead invalide"));
        Input(trail.Find("[data-testid=trail-lead]")).Change(second.Id.ToString());
        trail.WaitForAssertion(() => trail.FindAll("[data-testid=trail-channel]").Select(c => c.TextContent)
            .Should().Equal("Page Mes achats", "Achat"));
        trail.Find("[data-testid=trail-csv]").GetAttribute("href").Should().Be($"/admin/access-trail.csv?leadId={second.Id}");
    }
}
