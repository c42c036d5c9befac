using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;
using Bunit;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Web.Components.Shared.SchemaForms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace LeadsAssurance.Tests.Components;

public class SchemaFormTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyDictionary<string, Product> Products = CatalogSeed.LoadDefinitions().ToDictionary(p => p.Code);
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private readonly BunitContext _ctx = new();
    private readonly FakeTimeProvider _time = new(Now);

    public Task InitializeAsync()
    {
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton<TimeProvider>(_time);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    private IRenderedComponent<SchemaForm> Render(string code, JsonObject? value = null, IReadOnlyDictionary<string, string[]>? serverErrors = null) =>
        _ctx.Render<SchemaForm>(p => p
            .Add(f => f.Schema, Products[code].AttributesSchema)
            .Add(f => f.Value, value ?? [])
            .Add(f => f.ServerErrors, serverErrors));

    [Theory]
    [InlineData("CREDIT_IMMO")]
    [InlineData("MUTUELLE_SANTE")]
    [InlineData("ASSURANCE_AUTO")]
    [InlineData("RC_PRO")]
    public void RendersOneFieldPerPropertyWithItsFrenchTitle(string code)
    {
        var properties = JsonNode.Parse(Products[code].AttributesSchema)!["properties"]!.AsObject();

        var cut = Render(code);

        cut.FindAll("[data-field]").Select(e => e.GetAttribute("data-field")).Should().Equal(properties.Select(p => p.Key));
        var labels = cut.FindAll("label").Select(l => l.TextContent.Trim()).ToList();
        foreach (var (_, property) in properties)
            labels.Should().Contain(property!["title"]!.GetValue<string>());
    }

    [Fact]
    public void TheInputKindFollowsTheSchemaType()
    {
        var cut = Render("ASSURANCE_AUTO");

        cut.FindComponents<MudSelect<string>>().Should().HaveCount(3, "type de véhicule, formule and usage are enums");
        cut.FindComponents<MudNumericField<decimal?>>().Should().ContainSingle("bonus-malus is a number");
        cut.FindComponents<MudNumericField<int?>>().Should().ContainSingle("the year is an integer");
        cut.FindComponents<MudDatePicker>().Should().HaveCount(2);
        cut.FindComponents<MudTextField<string>>().Should().Contain(t => t.Instance.Label == "Immatriculation", "the registration plate is a pattern string");
    }

    [Fact]
    public async Task EveryEmptyRequiredFieldGetsTheFrenchRequiredMessage()
    {
        var cut = Render("MUTUELLE_SANTE");

        var valid = await cut.InvokeAsync(() => cut.Instance.Validate());

        valid.Should().BeFalse();
        cut.Instance.Errors.Keys.Should().BeEquivalentTo("regime", "composition", "dateNaissance", "niveau");
        cut.Instance.Errors["regime"].Should().Equal("« Régime social » est obligatoire.");
        cut.Markup.Should().Contain("« Niveau de garanties souhaité » est obligatoire.");
    }

    [Fact]
    public void ANumberTypedBelowTheMinimumGetsTheMinimumInFrenchFormat()
    {
        var cut = Render("CREDIT_IMMO");

        cut.Find("[data-field='montantProjet'] input").Change("1000");

        var expected = $"« Montant du projet (€) » doit être au moins {30000.ToString("#,##0", French)}.";
        cut.Instance.Errors["montantProjet"].Should().Equal(expected);
        cut.Markup.Should().Contain(expected);
        cut.Instance.Value["montantProjet"]!.GetValue<decimal>().Should().Be(1000m);
    }

    [Fact]
    public void ANumberAboveTheMaximumIsRefused()
    {
        var cut = Render("ASSURANCE_AUTO");

        cut.Find("[data-field='bonusMalus'] input").Change("4");

        cut.Instance.Errors["bonusMalus"].Should().Equal("« Coefficient bonus-malus » doit être au plus 3,5.");
    }

    [Fact]
    public async Task AnEnumShowsItsFrenchLabelAndStoresItsCode()
    {
        var cut = Render("MUTUELLE_SANTE");
        var select = cut.FindComponents<MudSelect<string>>().First(s => s.Instance.Label == "Régime social");

        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync("tns"));

        cut.Instance.Value["regime"]!.GetValue<string>().Should().Be("tns");
        select.Find("input").GetAttribute("value").Should().Be("Travailleur non salarié (TNS)");
    }

    [Fact]
    public async Task ADateOfBirthUnderTheMinimumAgeIsRefusedWithTheServersMessage()
    {
        var cut = Render("MUTUELLE_SENIOR");
        var picker = cut.FindComponents<MudDatePicker>().First(d => d.Instance.Label == "Date de naissance");

        await cut.InvokeAsync(() => picker.Instance.DateChanged.InvokeAsync(new DateTime(1990, 3, 1)));

        cut.Instance.Value["dateNaissance"]!.GetValue<string>().Should().Be("1990-03-01");
        cut.Instance.Errors["dateNaissance"].Should().Equal("L'âge minimum est de 55 ans.");
    }

    [Fact]
    public void APatternMismatchShowsTheSchemasFrenchMessage()
    {
        var cut = Render("RC_PRO");

        cut.Find("[data-field='siret'] input").Change("1234");

        cut.Instance.Errors["siret"].Should().Equal("Le SIRET compte 14 chiffres, sans espace.");
    }

    [Fact]
    public void AnOptionalFieldClearedAgainIsLeftOutOfTheDocument()
    {
        var cut = Render("ASSURANCE_EMPRUNTEUR");
        var input = cut.Find("[data-field='banque'] input");

        input.Change("Crédit Agricole");
        cut.Instance.Value["banque"]!.GetValue<string>().Should().Be("Crédit Agricole");
        cut.Find("[data-field='banque'] input").Change("  ");

        cut.Instance.Value.ContainsKey("banque").Should().BeFalse();
        cut.Instance.Errors.Should().NotContainKey("banque");
    }

    [Fact]
    public void ServerErrorsAreShownUnderTheirField()
    {
        var errors = new Dictionary<string, string[]> { ["surface"] = ["« Surface habitable (m²) » doit être au plus 1 000."] };

        var cut = Render("ASSURANCE_HABITATION", serverErrors: errors);

        cut.Find("[data-field='surface']").TextContent.Should().Contain("doit être au plus 1 000.");
        cut.Find("[data-field='piscine']").TextContent.Should().NotContain("doit être");
    }

    [Fact]
    public async Task WhatTheFormAcceptsTheServerAcceptsForEveryProduct()
    {
        var validator = new AttributeValidator(_time);
        var random = new Randomizer(42);
        foreach (var product in Products.Values)
        {
            var document = SchemaSampler.Sample(product.AttributesSchema, random, DateOnly.FromDateTime(Now.UtcDateTime));
            var cut = Render(product.Code, document);

            var formSays = await cut.InvokeAsync(() => cut.Instance.Validate());
            var serverSays = await validator.ValidateAsync(product.AttributesSchema, cut.Instance.Value.ToJsonString());

            formSays.Should().BeTrue($"{product.Code}: {string.Join(" ", cut.Instance.Errors.SelectMany(e => e.Value))}");
            serverSays.Should().BeEmpty(product.Code);
        }
    }

    [Fact]
    public async Task WhatTheFormRefusesTheServerRefusesToo()
    {
        var validator = new AttributeValidator(_time);
        var document = new JsonObject { ["montantProjet"] = 500m, ["typeProjet"] = "residence_principale", ["dateNaissance"] = "2015-01-01" };
        var cut = Render("CREDIT_IMMO", document);

        var formSays = await cut.InvokeAsync(() => cut.Instance.Validate());
        var serverSays = await validator.ValidateAsync(Products["CREDIT_IMMO"].AttributesSchema, document.ToJsonString());

        formSays.Should().BeFalse();
        serverSays.Keys.Should().Contain(["montantProjet", "dateNaissance"]);
        cut.Instance.Errors["montantProjet"].Should().BeEquivalentTo(serverSays["montantProjet"]);
        cut.Instance.Errors["dateNaissance"].Should().BeEquivalentTo(serverSays["dateNaissance"]);
    }
}
