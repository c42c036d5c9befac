using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Tests.Domain;

public class EmailTemplatesTests
{
    private const string Markup = "<b onclick=\"x()\">Durand & Fils</b>";

    private static readonly EmailTemplates Templates = new(Links("https://leads.example.fr"));

    private static PublicLinks Links(string baseUrl) => new(Options.Create(new AppOptions { PublicBaseUrl = baseUrl }));

    public static TheoryData<string, EmailContent> Every => new()
    {
        { "created", Templates.AccountCreated(Markup, AccountRole.Broker) },
        { "approved", Templates.AccountApproved(Markup, AccountRole.Provider) },
        { "suspended", Templates.AccountSuspended("Cabinet", Markup) },
        { "reset", Templates.PasswordReset(new Uri("https://leads.example.fr/Account/ResetPassword?code=a&b=c")) },
        { "reset code", Templates.PasswordResetCode(Markup) },
        { "confirmation", Templates.EmailConfirmation(new Uri("https://leads.example.fr/Account/ConfirmEmail?userId=1&code=z")) },
        { "top-up", Templates.CardTopUpReceived(Markup, 1234.5m, 1300m, Markup) },
        { "low balance", Templates.LowBalance(Markup, 8m, 20m) },
    };

    [Theory]
    [MemberData(nameof(Every))]
    public void EveryEmailHasTheBrandBothPartsAndNoMarkupFromItsValues(string name, EmailContent email)
    {
        email.Subject.Should().NotBeNullOrWhiteSpace(name);
        email.Html.Should().StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"fr\">").And.Contain("LeadsAssurance")
            .And.Contain("Bonjour,").And.NotContain("<b onclick").And.NotContain("&b=");
        email.Text.Should().Contain("Bonjour,").And.Contain("LeadsAssurance").And.NotContain("<p").And.NotContain("&amp;");
        if (email.Text.Contains("Durand"))
        {
            email.Html.Should().Contain("&lt;b onclick=&quot;x()&quot;&gt;Durand &amp; Fils&lt;/b&gt;");
            email.Text.Should().Contain(Markup, "the text part shows the value as it is");
        }
    }

    [Fact]
    public void AmountsAreInEurosTheFrenchWay()
    {
        var email = Templates.CardTopUpReceived("Cabinet", 1234.5m, 1300m, null);

        // fr-FR separates thousands and the currency sign with no-break spaces (which ones depends on the ICU version).
        email.Subject.Should().MatchRegex(@"^Paiement reçu : 1\s234,50\s€ crédités$");
        email.Text.Should().MatchRegex(@"Nouveau solde : 1\s300,00\s€").And.Contain("https://leads.example.fr/credits");
    }

    [Fact]
    public void ALinkIsEncodedInTheHtmlAndWholeInTheText()
    {
        var email = Templates.PasswordReset(new Uri("https://leads.example.fr/Account/ResetPassword?code=a&b=c"));

        email.Html.Should().Contain("href=\"https://leads.example.fr/Account/ResetPassword?code=a&amp;b=c\"");
        email.Text.Should().Contain("https://leads.example.fr/Account/ResetPassword?code=a&b=c");
    }

    [Theory]
    [InlineData("https://leads.example.fr", "http://attacker.example/Account/ResetPassword?code=x", "https://leads.example.fr/Account/ResetPassword?code=x")]
    [InlineData("https://leads.example.fr/", "http://localhost:5022/Account/ConfirmEmail?userId=1&code=y", "https://leads.example.fr/Account/ConfirmEmail?userId=1&code=y")]
    [InlineData("https://example.fr/leads", "http://node-3:8080/leads/Account/ResetPassword?code=x", "https://example.fr/leads/Account/ResetPassword?code=x")]
    [InlineData("https://example.fr/leads", "http://node-3:8080/Account/ResetPassword?code=x", "https://example.fr/leads/Account/ResetPassword?code=x")]
    public void LinksLeaveOnThePublicAddressWhateverHostTheRequestNamed(string publicBase, string link, string expected)
    {
        Links(publicBase).Rebase(link).AbsoluteUri.Should().Be(expected);
    }

    [Fact]
    public void AFailedMessageIsRetriedAfter1530And120MinutesThenGivenUp()
    {
        var start = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var email = new OutboundEmail(Guid.NewGuid(), "a@exemple.fr", Templates.LowBalance("Cabinet", 8m, 20m), start);
        var waits = new List<TimeSpan>();

        for (var now = start; email.Status == OutboundEmailStatus.Queued; now = email.NextAttemptAt)
        {
            email.AttemptFailed("SocketException: Connection refused", permanent: false, now);
            if (email.Status == OutboundEmailStatus.Queued)
                waits.Add(email.NextAttemptAt - now);
        }

        waits.Should().Equal(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2));
        email.Status.Should().Be(OutboundEmailStatus.Failed);
        email.Attempts.Should().Be(5);
        email.LastError.Should().Be("SocketException: Connection refused");
    }

    [Fact]
    public void AnErrorKeepsNeitherAddressesNorTheSmtpPassword()
    {
        var refusal = new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted,
            MailKit.Net.Smtp.SmtpStatusCode.MailboxUnavailable, "5.1.1 <jean.dupont@exemple.fr>: unknown user (auth s3cr3t-pass)");

        var (error, permanent) = EmailErrors.Describe(refusal, new SmtpOptions { Password = "s3cr3t-pass" });

        error.Should().StartWith("SMTP 550").And.NotContain("jean.dupont").And.NotContain("s3cr3t-pass").And.Contain("unknown user");
        permanent.Should().BeTrue("a mailbox refused with a 5xx code will not appear by retrying");
    }
}
