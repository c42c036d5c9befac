using Bunit;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Components;

/// <summary>The admin writes a product's schema as JSON: checked as he types, previewed as the form, saved as a version.</summary>
public class CatalogPagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static AngleSharp.Dom.IElement Input(AngleSharp.Dom.IElement field) =>
        field.TagName is "INPUT" or "TEXTAREA" ? field : field.QuerySelector("input, textarea")!;

    [Fact]
    public async Task ANewProductsSchemaIsCheckedAsTypedPreviewedAndCreatedOnlyOnceValid()
    {
        await using var ctx = AppPages.SignedIn(app, Guid.NewGuid(), "Admin");
        ctx.RenderProviders();
        var page = ctx.Render<ProductNew>();
        page.WaitForAssertion(() => page.Find("[data-testid=schema-ok]").TextContent.Should().Contain("3 champ(s), dont 1 visible(s) sur le marché"));
        page.Find("[data-testid=schema-preview]").TextContent.Should().Contain("Formule souhaitée").And.Contain("Date de naissance");

        var json = Input(page.Find("[data-testid=schema-json]"));
        json.Input("""{ "type": "object", "properties": { "revenu": { "type": "number" } } }""");
        page.WaitForAssertion(() => page.Find("[data-testid=schema-errors]").TextContent.Should().Contain("Champ « revenu » : « title »"));
        page.Find("[data-testid=product-create]").HasAttribute("disabled").Should().BeTrue();
        page.Find("[data-testid=schema-preview]").TextContent.Should().Contain("Formule souhaitée", "the last valid version stays previewed");

        json.Input("""{ "type": "object", "properties": { "revenu": { "type": "number", "title": "Revenu annuel (€)", "minimum": 0, "x-market": true } } }""");
        page.WaitForAssertion(() => page.Find("[data-testid=schema-preview]").TextContent.Should().Contain("Revenu annuel"));
        Input(page.Find("[data-testid=product-code]")).Change("pret_etudiant");
        Input(page.Find("[data-testid=product-label]")).Change("Prêt étudiant");
        page.Find("[data-testid=product-create]").Click();
        page.WaitForAssertion(() => page.Markup.Should().Contain("La catégorie est obligatoire"));
        Input(page.Find("[data-testid=product-category]")).Change("Crédit");
        page.Find("[data-testid=product-create]").Click();

        page.WaitForAssertion(() => ctx.Services.GetRequiredService<NavigationManager>().Uri.Should().EndWith("/admin/catalog/PRET_ETUDIANT"));
        var created = await app.Services.GetRequiredService<CatalogService>().GetAsync("PRET_ETUDIANT");
        created!.Label.Should().Be("Prêt étudiant");
        created.AttributesSchema.Should().Contain("Revenu annuel (€)");
    }

    [Fact]
    public async Task AProductsQuestionnaireIsSavedAsANewVersionFromItsPage()
    {
        await using var ctx = AppPages.SignedIn(app, Guid.NewGuid(), "Admin");
        ctx.RenderProviders();
        var page = ctx.Render<ProductDetails>(p => p.Add(x => x.Code, "ASSURANCE_MOTO"));
        page.WaitForAssertion(() => page.Find("[data-testid=schema-save]").HasAttribute("disabled").Should().BeTrue("nothing changed yet"));
        var before = (await app.Services.GetRequiredService<CatalogService>().GetAsync("ASSURANCE_MOTO"))!;
        var schema = System.Text.Json.Nodes.JsonNode.Parse(before.AttributesSchema)!;
        schema["properties"]!.AsObject().Add("casque", System.Text.Json.Nodes.JsonNode.Parse("""{ "type": "boolean", "title": "Casque homologué" }"""));

        Input(page.Find("[data-testid=schema-json]")).Input(schema.ToJsonString());
        page.WaitForAssertion(() => page.Find("[data-testid=schema-preview]").TextContent.Should().Contain("Casque homologué"));
        page.WaitForAssertion(() => page.Find("[data-testid=schema-save]").HasAttribute("disabled").Should().BeFalse());
        page.Find("[data-testid=schema-save]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=schema-versions] tbody tr").Should().HaveCount(before.SchemaVersion + 1));
        (await app.Services.GetRequiredService<CatalogService>().GetAsync("ASSURANCE_MOTO"))!.SchemaVersion.Should().Be(before.SchemaVersion + 1);
    }
}
