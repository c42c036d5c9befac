using Bunit;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Ingestion.Csv;
using LeadsAssurance.Web.Components.Pages.Provider;
using MudBlazor.Services;

namespace LeadsAssurance.Tests.Components;

/// <summary>The mapping step of the CSV import: suggested columns, editing, required fields without a column.</summary>
public class ImportMappingTests : IAsyncLifetime
{
    private static readonly string Schema = CatalogSeed.LoadDefinitions().Single(p => p.Code == "MUTUELLE_SANTE").AttributesSchema;
    private static readonly IReadOnlyList<ImportTarget> Targets = ImportTargets.For(Schema);
    private static readonly string[] Headers = ["Prénom", "Nom", "Tel", "Mail", "CP", "Colonne libre", "Régime social"];
    private readonly BunitContext _ctx = new();
    private IReadOnlyDictionary<string, string>? _changed;

    public Task InitializeAsync()
    {
        _ctx.Services.AddMudServices();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private IRenderedComponent<ImportMapping> Render(IReadOnlyDictionary<string, string> mapping) =>
        _ctx.Render<ImportMapping>(p => p
            .Add(c => c.Headers, Headers)
            .Add(c => c.FirstRow, ["Éloïse", "Dupont", "0612345678", "e@x.fr", "69003", "x", "Régime général"])
            .Add(c => c.Targets, Targets)
            .Add(c => c.Mapping, mapping)
            .Add(c => c.MappingChanged, m => _changed = m));

    [Fact]
    public void SuggestedColumnsAreSelectedAndUnknownOnesIgnored()
    {
        var cut = Render(ImportTargets.Suggest(Headers, Targets));

        cut.Find("[data-testid=map-0] option[selected]").GetAttribute("value").Should().Be("firstName");
        cut.Find("[data-testid=map-2] option[selected]").GetAttribute("value").Should().Be("phone");
        cut.Find("[data-testid=map-4] option[selected]").GetAttribute("value").Should().Be("zipCode");
        cut.Find("[data-testid=map-6] option[selected]").GetAttribute("value").Should().Be("attributes.regime");
        cut.FindAll("[data-testid=map-5] option[selected]").Should().BeEmpty("an unknown header is ignored");
        cut.Markup.Should().Contain("0612345678");
    }

    [Fact]
    public void RequiredFieldsWithoutAColumnAreListedAndDisappearOnceMapped()
    {
        var cut = Render(ImportTargets.Suggest(Headers, Targets));
        cut.Find("[data-testid=mapping-missing]").TextContent.Should().Contain("Texte du consentement").And.Contain("Date de naissance");

        cut.Find("[data-testid=map-5]").Change("consent.text");

        _changed.Should().NotBeNull();
        _changed!["Colonne libre"].Should().Be("consent.text");
        _changed["Prénom"].Should().Be("firstName");
        cut.Find("[data-testid=mapping-missing]").TextContent.Should().NotContain("Texte du consentement");
    }

    [Fact]
    public void AFieldAlreadyUsedByAColumnCannotBeChosenTwiceAndAColumnCanBeIgnored()
    {
        var cut = Render(ImportTargets.Suggest(Headers, Targets));
        cut.Find("[data-testid=map-5] option[value=phone]").HasAttribute("disabled").Should().BeTrue();

        cut.Find("[data-testid=map-2]").Change("");

        _changed!.Should().NotContainKey("Tel");
        cut.Find("[data-testid=mapping-missing]").TextContent.Should().Contain("Téléphone");
    }
}
