using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Components;

/// <summary>The commission on a product's sales, set by the admin on the product's page (/admin/catalog/{code}).</summary>
public class ProductCommissionTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TheAdminSeesThirtyPercentAndSetsTwentyFivePercent()
    {
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var ctx = AppPages.SignedIn(app, admin, "Admin");
        ctx.RenderProviders();
        var page = ctx.Render<ProductDetails>(p => p.Add(d => d.Code, "ASSURANCE_ANIMAUX"));
        page.WaitForAssertion(() => page.Find("[data-testid=commission]"));
        var field = page.Find("[data-testid=commission]");
        var input = field.TagName == "INPUT" ? field : field.QuerySelector("input")!;
        input.GetAttribute("value").Should().Be("30,00");

        await page.InvokeAsync(() => input.ChangeAsync(new ChangeEventArgs { Value = "25" }));
        await page.InvokeAsync(() => page.FindAll("button").Single(b => b.TextContent.Trim() == "Enregistrer").ClickAsync(new MouseEventArgs()));

        (await Eventually.TrueAsync(async () => (await app.Services.GetRequiredService<CatalogService>().GetAsync("ASSURANCE_ANIMAUX"))!.CommissionRate == 0.25m))
            .Should().BeTrue("the new commission is saved");
        ctx.Services.GetRequiredService<MudBlazor.ISnackbar>().ShownSnackbars.Should().Contain(s => s.Message == "Produit enregistré.");
    }
}
