using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using LeadsAssurance.Domain.Disputes;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Tests.Integration.Disputes;
using LeadsAssurance.Web.Components.Pages.Admin;
using LeadsAssurance.Web.Components.Pages.Broker;
using LeadsAssurance.Web.Components.Pages.Provider;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>Evidence on the pages: the broker attaches it when disputing, the admin's queue and the provider's "Retours" list it, live.</summary>
public class DisputeFilePagesTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    [Fact]
    public async Task TheBrokersFileReachesTheAdminAndTheProviderWhoAnswersWithHisOwn()
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var (brokerId, broker, _) = await _world.BrokerAsync();
        LeadsAssurance.Domain.Leads.Lead lead;
        await using (var db = app.CreateDbContext())
            lead = (await TestData.AddLeadsAsync(db, providerId, 1, app.Clock.GetUtcNow(), "CREDIT_IMMO"))[0];
        var hold = await (await broker.PostAsync($"/api/v1/market/{lead.Id}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await broker.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .EnsureSuccessStatusCode();

        await using var providerCtx = AppPages.SignedIn(app, providerId, "Provider");
        providerCtx.RenderProviders();
        var returns = providerCtx.Render<Returns>();
        returns.WaitForAssertion(() => returns.Find("[data-testid=returns-empty]"));

        await using var brokerCtx = AppPages.SignedIn(app, brokerId, "Broker");
        var dialogs = brokerCtx.RenderProviders();
        var purchases = brokerCtx.Render<Purchases>();
        purchases.WaitForAssertion(() => purchases.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=dispute]"));
        purchases.Find($"tr[data-lead-id='{lead.Id}'] [data-testid=dispute]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=dispute-submit]"));
        await dialogs.InvokeAsync(() => dialogs.FindComponents<MudSelect<string>>().Single().Instance.ValueChanged.InvokeAsync("WrongNumber"));
        dialogs.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromBinary(DisputeFileTests.Png, "message-operateur.png", contentType: "image/png"),
            InputFileContent.CreateFromText("pas une image", "notes.txt"));
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=dispute-file-error]").TextContent
            .Should().Contain("« notes.txt » n'est ni un PDF, ni une image PNG ou JPEG."));
        dialogs.FindAll("[data-testid=dispute-file]").Select(f => f.TextContent).Should().ContainSingle().Which.Should().Contain("message-operateur.png");
        dialogs.Find("[data-testid=dispute-submit]").Click();

        // The provider's page follows without reload and lists the broker's file.
        returns.WaitForAssertion(() => returns.Find("[data-testid=return-row]").TextContent.Should().Contain("message-operateur.png").And.Contain("courtier"));
        returns.Find("[data-testid=return-row]").GetAttribute("data-status").Should().Be("Open");
        returns.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(DisputeFileTests.Pdf, "releve-appels.pdf", contentType: "application/pdf"));
        returns.WaitForAssertion(() => returns.FindAll("[data-testid=dispute-file-link]").Select(a => a.TextContent)
            .Should().HaveCount(2).And.Contain(t => t.Contains("releve-appels.pdf") && t.Contains("apporteur")));

        var admin = (await _world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        await using var adminCtx = AppPages.SignedIn(app, admin, "Admin");
        adminCtx.RenderProviders();
        var queue = adminCtx.Render<Disputes>();
        queue.WaitForAssertion(() => queue.Find($"tr[data-lead-id='{lead.Id}']").QuerySelectorAll("[data-testid=dispute-file-link]")
            .Select(a => a.GetAttribute("href")).Should().HaveCount(2).And.AllSatisfy(h => h.Should().StartWith("/api/v1/disputes/")));

        var dispute = (await app.Services.GetRequiredService<DisputeQueries>().ListAsync(brokerId)).Single();
        await app.Services.GetRequiredService<DisputeService>().RefuseAsync(dispute.Id, admin, "Le relevé de l'apporteur montre un appel abouti.");
        returns.WaitForAssertion(() => returns.Find("[data-testid=return-row]").GetAttribute("data-status").Should().Be("Refused"));
        returns.FindAll("[data-testid=return-attach]").Should().BeEmpty("a decided return takes no more files");
    }
}
