using System.Net;
using AngleSharp.Dom;
using Bunit;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Account;
using LeadsAssurance.Web.Components.Pages.Provider;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>A provider's pages on the running app: typing a lead in by hand, and managing API keys.</summary>
public class ProviderPagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    /// <summary>The text box a label or test id names (MudBlazor puts the id on the field's wrapper or on the input itself).</summary>
    private static IElement Input<TPage>(IRenderedComponent<TPage> page, string testId) where TPage : IComponent
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName is "INPUT" or "TEXTAREA" ? element : element.QuerySelector("input, textarea")!;
    }

    private static Task Choose(IRenderedComponent<NewLead> page, string label, string value) =>
        page.InvokeAsync(() =>
        {
            var selects = page.FindComponents<MudSelect<string>>();
            var select = selects.SingleOrDefault(s => s.Instance.Label == label)
                ?? throw new InvalidOperationException($"No select « {label} » among: {string.Join(" | ", selects.Select(s => s.Instance.Label))}");
            return select.Instance.ValueChanged.InvokeAsync(value);
        });

    [Fact]
    public async Task AProviderTypesALeadInAndGetsItsProofOfConsent()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var ctx = AppPages.SignedIn(app, providerId, "Provider");
        ctx.RenderProviders();
        var page = ctx.Render<NewLead>();
        page.WaitForAssertion(() => page.FindComponents<MudSelectItem<string>>().Should().NotBeEmpty());

        await page.InvokeAsync(() => page.FindComponents<MudSelect<string>>().First().Instance.ValueChanged.InvokeAsync("MUTUELLE_SANTE"));
        Input(page, "lead-firstName").Change("Éloïse");
        Input(page, "lead-lastName").Change("Garnier-Roux");
        Input(page, "lead-phone").Change("06 71 23 45 67");
        Input(page, "lead-email").Change("eloise.garnier@exemple.fr");
        Input(page, "lead-zipCode").Change("69003");
        page.WaitForAssertion(() => page.FindComponents<MudSelect<string>>().Should().Contain(s => s.Instance.Label == "Régime social"));
        await Choose(page, "Régime social", "general");
        await Choose(page, "Personnes à assurer", "couple");
        await Choose(page, "Niveau de garanties souhaité", "confort");
        var birth = page.FindComponents<MudDatePicker>().Single(d => d.Instance.Label == "Date de naissance de l'assuré principal");
        await page.InvokeAsync(() => birth.Instance.DateChanged.InvokeAsync(new DateTime(1980, 5, 17)));
        Input(page, "consent-text").Change("J'accepte d'être rappelée par les partenaires cités.");
        Input(page, "consent-ip").Change("203.0.113.7");
        Input(page, "consent-ua").Change("Mozilla/5.0");
        Input(page, "consent-url").Change("https://www.exemple.fr/mutuelle");
        Input(page, "consent-partners").Change("Cabinet Martin, Assurances Durand");
        await Choose(page, "Case non cochée par défaut", "yes");
        page.Find("[data-testid=lead-submit]").Click();

        page.WaitForAssertion(() => page.FindAll("[data-testid=lead-accepted]").Should().ContainSingle(
            "the lead is accepted ({0}; {1})", string.Join(" | ", ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message)),
            string.Join(" | ", page.FindAll(".mud-input-error").Select(e => e.TextContent))));
        var proof = page.Find("[data-testid=proof-hash]").TextContent.Trim();
        proof.Should().MatchRegex("^[0-9a-f]{64}$");
        page.Find("[data-testid=proof-hash]").GetAttribute("href").Should().Be($"/verify/{proof}");
        await using var db = app.CreateDbContext();
        var lead = await db.Leads.SingleAsync(l => l.ProviderId == providerId);
        (lead.Phone, lead.City, lead.Departement, lead.ProductCode).Should().Be(("+33671234567", "Lyon 3e Arrondissement", "69", "MUTUELLE_SANTE"), "the city left empty is filled from the zip code");
        var record = await db.ConsentRecords.SingleAsync(c => c.LeadId == lead.Id);
        record.ProofHash.Should().Be(proof);
        record.CheckboxUncheckedByDefault.Should().BeTrue("the form carries the checkbox fact");
    }

    [Fact]
    public async Task AProviderCreatesAnApiKeySeenOnceThatWorksUntilHeRevokesIt()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        await using var ctx = AppPages.SignedIn(app, providerId, "Provider");
        var dialogs = ctx.RenderProviders();
        var page = ctx.Render<ApiKeys>();
        page.WaitForAssertion(() => page.FindAll("tbody tr").Should().HaveCount(1, "the key the admin created"));

        Input(page, "api-key-name").Change("Landing page mutuelle");
        page.Find("[data-testid=api-key-create]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=api-key-value]"));
        var key = page.Find("[data-testid=api-key-value]").TextContent.Trim();

        (await app.CreateApiClient(key).GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.OK, "the key shown works at once");
        var row = page.FindAll("tbody tr").Single(r => r.TextContent.Contains("Landing page mutuelle"));
        row.TextContent.Should().Contain(key[..10]).And.NotContain(key, "the list shows the key's beginning only");

        row.QuerySelectorAll("button").Single(b => b.TextContent.Contains("Révoquer")).Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Should().Contain(b => b.TextContent.Contains("Révoquer")));
        dialogs.FindAll("button").First(b => b.TextContent.Contains("Révoquer")).Click();

        page.WaitForAssertion(() => page.FindAll("tbody tr").Single(r => r.TextContent.Contains("Landing page mutuelle")).TextContent.Should().Contain("Révoquée"));
        (await app.CreateApiClient(key).GetAsync("/api/v1/leads")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
