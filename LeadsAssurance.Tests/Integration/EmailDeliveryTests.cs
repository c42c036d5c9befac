using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace LeadsAssurance.Tests.Integration;

/// <summary>E-mails from the real triggers to a real SMTP server, through the outbox and its Quartz job.</summary>
public partial class EmailDeliveryTests(EmailFactory app) : IClassFixture<EmailFactory>
{
    private static string NewAddress(string who) => $"{who}-{Guid.NewGuid():N}@exemple-courtage.fr";

    private Task<SmtpReceiver.Received> MessageToAsync(string address, string subject) =>
        app.Smtp.WaitForAsync(m => m.Recipients.Contains(address) && m.Message.Subject == subject);

    [Fact]
    public async Task ApprovingAnAccountSendsOneFrenchEmailWithHtmlAndText()
    {
        var address = NewAddress("courtier");
        var (id, _) = await app.CreateAccountAsync("Broker", approve: false, email: address);

        (await app.CreateApiClient(AppFactory.AdminApiKey).PostAsync($"/api/v1/admin/accounts/{id}/approve", null)).EnsureSuccessStatusCode();
        var received = await MessageToAsync(address, "Votre compte LeadsAssurance est ouvert");
        await Task.Delay(TimeSpan.FromSeconds(2));

        app.Smtp.Messages.Count(m => m.Recipients.Contains(address) && m.Message.Subject == received.Message.Subject).Should().Be(1);
        received.AuthenticatedUser.Should().Be(SmtpReceiver.User, "the relay's user and password come from Email:Smtp");
        var message = received.Message;
        message.From.Mailboxes.Single().Address.Should().Be("no-reply@leadsassurance.fr");
        message.To.Mailboxes.Single().Address.Should().Be(address);
        message.Body!.Headers[HeaderId.ContentLanguage].Should().Be("fr");
        message.Body.ContentType.MimeType.Should().Be("multipart/alternative");
        message.TextBody.Should().Contain("Bonjour,").And.Contain("Broker Test SAS").And.Contain("salle de marché")
            .And.Contain($"{EmailFactory.PublicBaseUrl}/Account/Login");
        message.HtmlBody.Should().Contain("<html lang=\"fr\">").And.Contain("LeadsAssurance").And.Contain("Broker Test SAS")
            .And.Contain($"href=\"{EmailFactory.PublicBaseUrl}/Account/Login\"");
        await using var db = app.CreateDbContext();
        var row = await db.OutboundEmails.SingleAsync(e => e.Recipient == address && e.Template == EmailTemplate.AccountApproved);
        row.Status.Should().Be(OutboundEmailStatus.Sent);
        row.Attempts.Should().Be(1);
        message.MessageId.Should().Be($"{row.Id}@leadsassurance.fr");
        row.HtmlBody.Should().BeNull("a sent message's body does not stay in the database");
        row.TextBody.Should().BeNull();
    }

    [Fact]
    public async Task AnAccountCreatedByTheAdminIsToldItAwaitsApproval()
    {
        var address = NewAddress("apporteur");

        await app.CreateAccountAsync("Provider", approve: false, email: address);
        var received = await MessageToAsync(address, "Votre demande de compte LeadsAssurance est enregistrée");

        received.Message.TextBody.Should().Contain("compte apporteur de Provider Test SAS").And.Contain("vérifie vos informations");
    }

    [Fact]
    public async Task SuspendingAnAccountSendsTheReason()
    {
        var address = NewAddress("suspendu");
        var (id, _) = await app.CreateAccountAsync("Provider", approve: true, email: address);

        await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync($"/api/v1/admin/accounts/{id}/suspend", new { reason = "Leads frauduleux" });
        var received = await MessageToAsync(address, "Votre compte LeadsAssurance est suspendu");

        received.Message.TextBody.Should().Contain("Motif : Leads frauduleux");
        received.Message.HtmlBody.Should().Contain("Leads frauduleux");
    }

    [Fact]
    public async Task AnAccountRefusedByIdentitySendsNothing()
    {
        var address = NewAddress("refuse");

        var response = await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync("/api/v1/admin/accounts",
            new { email = address, password = "court", role = "Provider", companyName = "Mot De Passe Faible" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await using var db = app.CreateDbContext();
        (await db.OutboundEmails.AnyAsync(e => e.Recipient == address)).Should().BeFalse("the e-mail is written in the account's own transaction");
    }

    [Fact]
    public async Task ACompanyNameIsShownAsTextNeverAsMarkup()
    {
        var address = NewAddress("balise");

        await app.CreateApiClient(AppFactory.AdminApiKey).PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email = address, password = "Passw0rd!x", role = "Provider", companyName = "<img src=x onerror=alert(1)> & Fils",
        });
        var received = await MessageToAsync(address, "Votre demande de compte LeadsAssurance est enregistrée");

        received.Message.HtmlBody.Should().Contain("&lt;img src=x onerror=alert(1)&gt; &amp; Fils").And.NotContain("<img");
        received.Message.TextBody.Should().Contain("<img src=x onerror=alert(1)> & Fils");
    }

    [Fact]
    public async Task APasswordResetEmailCarriesAWorkingLinkThatNoLogLineShows()
    {
        var address = NewAddress("oubli");
        var (id, _) = await app.CreateAccountAsync("Broker", approve: true, email: address);
        var logsBefore = app.Logs.Lines.Count;
        var browser = app.CreateApiClient(null);
        // A forged Host header must not choose where the link points.
        browser.DefaultRequestHeaders.Host = "attacker.example";

        var asked = await AccountForms.SubmitAsync(browser, "/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = address });
        var received = await MessageToAsync(address, "Réinitialisation de votre mot de passe LeadsAssurance");
        (await Eventually.TrueAsync(() => app.Logs.Lines.Skip(logsBefore).Any(l => l.Contains("(PasswordReset) sent")))).Should().BeTrue();
        var link = new Uri(ResetLink().Match(received.Message.TextBody!).Value);
        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        var logged = app.Logs.Lines.Skip(logsBefore).ToList();
        browser.DefaultRequestHeaders.Host = null;
        var reset = await AccountForms.SubmitAsync(browser, link.PathAndQuery, new Dictionary<string, string>
        {
            ["Input.Email"] = address, ["Input.Password"] = "Nouveau!Mot2Passe", ["Input.ConfirmPassword"] = "Nouveau!Mot2Passe",
        });

        asked.StatusCode.Should().Be(HttpStatusCode.Redirect);
        link.GetLeftPart(UriPartial.Path).Should().Be($"{EmailFactory.PublicBaseUrl}/Account/ResetPassword");
        received.Message.HtmlBody.Should().Contain($"href=\"{link.AbsoluteUri.Replace("&", "&amp;")}\"");
        logged.Where(l => l.Contains(code) || l.Contains(link.AbsoluteUri) || l.Contains(address))
            .Should().BeEmpty("no log line, at any level, holds the reset link, its code or the address");
        reset.Headers.Location!.OriginalString.Should().Contain("ResetPasswordConfirmation");
        // Once the link is followed, only ASP.NET Core's own request log (Information and below) shows the URL it was asked for.
        app.Logs.Lines.Skip(logsBefore).Where(l => l.Contains(code) && !l.Contains(" Microsoft.AspNetCore.Hosting.Diagnostics: "))
            .Should().BeEmpty();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        (await users.CheckPasswordAsync((await users.FindByIdAsync(id.ToString()))!, "Nouveau!Mot2Passe")).Should().BeTrue();
    }

    [Fact]
    public async Task ABrokerIsWarnedOnceWhenAPurchaseTakesHisCreditsBelowTheThreshold()
    {
        await using var db = app.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, now))[0];
        var address = await db.Users.Where(u => u.Id == broker).Select(u => u.Email!).SingleAsync();
        var leads = await TestData.AddLeadsAsync(db, provider, 4, now);
        var market = app.Services.GetRequiredService<MarketService>();
        async Task<int> WarningsAsync() => await db.OutboundEmails.CountAsync(e => e.Recipient == address && e.Template == EmailTemplate.LowBalance);
        async Task BuyAsync(int i) => await market.PayWithCreditsAsync((await market.ReserveAsync(leads[i].Id, broker)).ReservationId, broker);

        await TestData.TopUpAsync(app.Services, broker, 40m);
        await BuyAsync(0);                                  // 40 → 24 €: above the 20 € threshold
        var afterFirst = await WarningsAsync();
        await BuyAsync(1);                                  // 24 → 8 €: crosses it
        var afterCrossing = await WarningsAsync();
        await TestData.TopUpAsync(app.Services, broker, 10m);
        await BuyAsync(2);                                  // 18 → 2 €: was already below
        var afterSecondBelow = await WarningsAsync();
        await TestData.TopUpAsync(app.Services, broker, 30m);
        await BuyAsync(3);                                  // 32 → 16 €: crosses again
        var afterNewCrossing = await WarningsAsync();

        (afterFirst, afterCrossing, afterSecondBelow, afterNewCrossing).Should().Be((0, 1, 1, 2));
        var received = await MessageToAsync(address, $"Vos crédits LeadsAssurance sont passés sous {Euros(20m)}");
        received.Message.TextBody.Should().Contain($"Solde actuel : {Euros(8m)}").And.Contain($"{EmailFactory.PublicBaseUrl}/credits");
    }

    private static string Euros(decimal amount) => amount.ToString("C", France.Culture);

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\?\S+")]
    private static partial Regex ResetLink();
}
