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
}
