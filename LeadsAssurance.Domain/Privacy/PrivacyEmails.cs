using LeadsAssurance.Domain.Email;
using static LeadsAssurance.Domain.Email.EmailBlock;

namespace LeadsAssurance.Domain.Privacy;

/// <summary>The e-mails of the privacy requests, in French (see <see cref="EmailLayout"/>).</summary>
public sealed class PrivacyEmails(PublicLinks links)
{
    /// <summary>GDPR art. 19: a buyer is told that a contact he bought was erased, without being told who it was.</summary>
    public EmailContent ContactErased(string companyName, IReadOnlyList<(DateTimeOffset PurchasedAt, string Product)> purchases) =>
        EmailLayout.Render(EmailTemplate.ContactErased,
            purchases.Count == 1 ? "Un contact que vous avez acheté a été effacé (RGPD)" : $"{purchases.Count} contacts que vous avez achetés ont été effacés (RGPD)",
            new Paragraph("Bonjour,"),
            new Paragraph($"Une personne a exercé son droit à l'effacement (article 17 du RGPD). Conformément à l'article 19, nous informons " +
                $"{companyName}, qui a acheté ses coordonnées : supprimez-les de vos fichiers et de votre CRM, et ne la contactez plus."),
            new Facts([.. purchases.Select(p => ($"Acheté le {France.ToParis(p.PurchasedAt):dd/MM/yyyy HH:mm}", p.Product))]),
            new Paragraph("Dans « Mes achats », ce lead apparaît désormais comme « Contact effacé (RGPD) » ; son certificat de consentement reste vérifiable."),
            new Button("Voir mes achats", links.To("purchases")));

    public EmailContent RequestCode(string code, TimeSpan validity) => EmailLayout.Render(EmailTemplate.PrivacyRequestCode,
        "Votre code de confirmation LeadsAssurance",
        new Paragraph("Bonjour,"),
        new Paragraph("Vous avez demandé, sur LeadsAssurance, l'accès à vos données personnelles ou leur effacement. Pour confirmer que " +
            $"cette adresse est la vôtre, saisissez ce code sur la page de votre demande ; il vaut {(int)validity.TotalMinutes} minutes et ne sert qu'une fois :"),
        new Code(code),
        new Paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne sera fait."));

    /// <summary>GDPR art. 15: what the platform holds about the address, sent to it and never shown on the page.</summary>
    public EmailContent AccessReport(IReadOnlyList<PersonalDataItem> items) => EmailLayout.Render(EmailTemplate.PrivacyAccessReport,
        "Vos données personnelles chez LeadsAssurance",
        [
            new Paragraph("Bonjour,"),
            new Paragraph(items.Count == 0
                ? "Nous ne détenons aucune donnée personnelle associée à cette adresse e-mail."
                : $"Voici les données que nous détenons pour cette adresse e-mail ({items.Count} demande(s) de contact) :"),
            .. items.Select(i => new Facts(("Produit", i.Product), ("Nom", $"{i.FirstName} {i.LastName}"), ("Téléphone", i.Phone),
                ("Ville", $"{i.ZipCode} {i.City}"), ("Consentement recueilli le", $"{France.ToParis(i.CapturedAt):dd/MM/yyyy HH:mm}"),
                ("Recueilli par", i.Provider), ("Acheteurs", i.Buyers.ToString(France.Culture)))),
            new Paragraph("Vous pouvez demander leur effacement sur la même page."),
        ]);
}

/// <summary>One lead held about a person, as the access report lists it.</summary>
public sealed record PersonalDataItem(string Product, string FirstName, string LastName, string Phone, string ZipCode, string City,
    DateTimeOffset CapturedAt, string Provider, int Buyers);
