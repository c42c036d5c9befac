using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>
/// The admin erases a person in /admin/privacy; the broker who bought her contact sees it erased in "Mes achats" without a
/// reload of his data by hand, and her consent certificate still verifies on the public page.
/// </summary>
[Trait("Category", "Slow")]
public class ErasureTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    private const string Password = "Passw0rd!x";

    [Fact]
    public async Task AnAdminErasesAPersonAndTheBuyerSeesTheContactErasedWhileTheCertificateStillVerifies()
    {
        var world = new DisputeWorld(app);
        var (_, api, _) = await world.BrokerAsync(100m, "rgpd@courtage.fr");
        var lead = (await world.BuyAsync(api))[0];
        string proofHash;
        await using (var db = app.CreateDbContext())
            proofHash = await db.ConsentRecords.Where(c => c.LeadId == lead.Id).Select(c => c.ProofHash).SingleAsync();

        var admin = await app.NewPageAsync();
        await admin.LogInAsync(AppFactory.AdminEmail, AppFactory.AdminPassword);
        await admin.GotoAsync("/admin/privacy");
        await admin.WaitForCircuitAsync();
        await admin.Locator("[data-testid=erase-phone] input, input[data-testid=erase-phone]").First.FillAsync(FrenchPhone.Display(lead.Phone));
        await admin.GetByTestId("erase-submit").ClickAsync();
        await admin.GetByTestId("erase-confirm").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("erase-result")).ToHaveTextAsync("1 lead(s) effacé(s), 1 acheteur(s) informé(s).");
        await Assertions.Expect(admin.GetByTestId("erasures")).ToContainTextAsync(proofHash[..12]);

        var broker = await app.NewPageAsync();
        await broker.LogInAsync("rgpd@courtage.fr", Password);
        await broker.GotoAsync("/purchases");
        await broker.WaitForCircuitAsync();
        var row = broker.Locator($"[data-lead-id='{lead.Id}']");
        await Assertions.Expect(row.GetByTestId("contact-erased")).ToContainTextAsync("Contact effacé (RGPD) le");
        await Assertions.Expect(row).Not.ToContainTextAsync(lead.LastName);
        await Assertions.Expect(row.GetByTestId("phone")).ToHaveCountAsync(0);

        var verify = await app.NewPageAsync();
        await verify.GotoAsync($"/verify/{proofHash}");
        await Assertions.Expect(verify.GetByTestId("verify-result")).ToContainTextAsync("Preuve valide");
        await Assertions.Expect(verify.GetByTestId("identity-erased")).ToContainTextAsync("Identité effacée le");
        var pdf = await api.GetByteArrayAsync($"/api/v1/purchases/{lead.Id}/certificate.pdf");
        PdfText.Collapse(PdfText.PdfPig(pdf)).Should().Contain("Effacée le").And.NotContain(lead.LastName).And.Contain(proofHash[..16]);
    }
}
