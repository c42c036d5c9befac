using System.Text.RegularExpressions;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.EndToEnd;

/// <summary>A person without an account asks for her erasure on /privacy and confirms it with the code e-mailed to her.</summary>
[Trait("Category", "Slow")]
public partial class PrivacyRequestPageTests(BrowserFixture app) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task APersonErasesHerDataWithTheCodeSentToHerAddress()
    {
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var email = $"claire.{Guid.NewGuid():N}@exemple.fr";
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, now,
            contact: new LeadContact("Claire-Lise", "Vidal-Mercier", "+33612983476", email, "69003", "Lyon")))[0];

        var page = await app.NewPageAsync();
        await page.GotoAsync("/privacy");
        await page.GetByTestId("privacy-erasure").CheckAsync();
        await page.GetByTestId("privacy-email").FillAsync(email);
        await page.GetByTestId("privacy-submit").ClickAsync();
        await page.GetByTestId("privacy-code").WaitForAsync();
        var mail = await db.OutboundEmails.AsNoTracking().SingleAsync(e => e.Recipient == email && e.Template == EmailTemplate.PrivacyRequestCode);
        await page.GetByTestId("privacy-code").FillAsync(SixDigits().Match(await SentMail.TextAsync(app, mail.Id)).Value);
        await page.GetByTestId("privacy-confirm").ClickAsync();

        await Assertions.Expect(page.GetByTestId("privacy-message")).ToContainTextAsync("C'est fait");
        (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id)).Email.Should().BeEmpty();
    }
}
