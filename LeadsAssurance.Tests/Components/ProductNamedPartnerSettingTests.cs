using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Components;

/// <summary>The admin requires, on a product's page, that its buyers be named among the consent's partners.</summary>
public class ProductNamedPartnerSettingTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TheAdminRequiresNamedBuyersAndTheChangeIsAudited()
    {
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var ctx = AppPages.SignedIn(app, admin, "Admin");
        ctx.RenderProviders();
        var page = ctx.Render<ProductDetails>(p => p.Add(d => d.Code, "RC_PRO"));
        page.WaitForAssertion(() => page.Find("[data-testid=require-named-partner]"));
        var field = page.Find("[data-testid=require-named-partner]");
        var input = field.TagName == "INPUT" ? field : field.QuerySelector("input")!;

        await page.InvokeAsync(() => input.ChangeAsync(new ChangeEventArgs { Value = true }));
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Enregistrer").ClickAsync(new MouseEventArgs()));

        (await Eventually.TrueAsync(async () => (await app.Services.GetRequiredService<CatalogService>().GetAsync("RC_PRO"))!.RequireNamedPartner))
            .Should().BeTrue("the requirement is saved");
        await using var db = app.CreateDbContext();
        (await db.AuditLog.Where(a => a.Action == "product.updated" && a.Subject == "product:RC_PRO").Select(a => a.Details).ToListAsync())
            .Should().ContainSingle(d => d!.EndsWith("acheteur cité dans le consentement exigé"));
    }
}
