using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Admin;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>/admin/opposition: a file uploaded with its progress and result, a contact added or looked up by hand, the versions listed.</summary>
public class OppositionPageTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task TheAdminUploadsAListThenAddsAndLooksUpAContactInFrench()
    {
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var ctx = AppPages.SignedIn(app, admin, "Admin");
        ctx.RenderProviders();
        var page = ctx.Render<Opposition>();
        page.WaitForAssertion(() => page.Find("[data-testid=opposition-summary]").TextContent.Should().Contain("Version 0"));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(
            "numero;nom\n0645112233;Martin\n33645112234\n06 45 11 22 35\n12345678901\nopposant@exemple.fr\n", "bloctel.csv"));

        page.WaitForAssertion(() => page.Find("[data-testid=opposition-result]").TextContent
            .Should().Contain("Version 1").And.Contain("4 contact(s) lu(s), 4 nouveau(x)").And.Contain("1 valeur(s) ignorée(s)").And.Contain("« 12345678901 »"),
            TimeSpan.FromSeconds(20));
        page.WaitForAssertion(() => page.Find("[data-testid=opposition-history]").TextContent.Should().Contain("bloctel.csv").And.Contain("Fichier"));
        page.Find("[data-testid=opposition-summary]").TextContent.Should().Contain("3 téléphone(s) et 1 e-mail(s)");

        var field = page.FindComponent<MudTextField<string>>();
        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("06 12"));
        page.Find("[data-testid=opposition-add] ").Click();
        page.WaitForAssertion(() => page.Markup.Should().Contain("Numéro de téléphone français ou adresse e-mail invalide : « 06 12 »."));

        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("+33 6 45 11 22 36"));
        page.Find("[data-testid=opposition-add]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=opposition-message]").TextContent.Should().Contain("Contact inscrit (version 2)"));

        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("06.45.11.22.34"));
        page.Find("[data-testid=opposition-lookup]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=opposition-message]").TextContent.Should().Be("Ce contact est inscrit sur la liste d'opposition."));
        page.Find("[data-testid=opposition-remove]").Click();
        page.WaitForAssertion(() => page.Markup.Should().Contain("Indiquez pourquoi ce contact est retiré de la liste d'opposition."));
        await page.InvokeAsync(() => page.FindComponents<MudTextField<string>>()[1].Instance.ValueChanged.InvokeAsync("Saisie erronée"));
        page.Find("[data-testid=opposition-remove]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=opposition-message]").TextContent.Should().Contain("retiré de la liste"));
        page.FindAll("[data-testid=opposition-remove]").Should().BeEmpty();
        page.Find("[data-testid=opposition-summary]").TextContent.Should().Contain("3 téléphone(s)", "4 phones were listed, one is taken off");
        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync("06 45 11 22 99"));
        page.Find("[data-testid=opposition-lookup]").Click();
        page.WaitForAssertion(() => page.Find("[data-testid=opposition-message]").TextContent.Should().Contain("n'est pas inscrit"));
    }
}
