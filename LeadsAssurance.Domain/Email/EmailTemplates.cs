using LeadsAssurance.Domain.Accounts;
using static LeadsAssurance.Domain.Email.EmailBlock;

namespace LeadsAssurance.Domain.Email;

/// <summary>The platform's e-mails, in French, each as HTML and text (see <see cref="EmailLayout"/>).</summary>
public sealed class EmailTemplates(PublicLinks links)
{
    private const string Hello = "Bonjour,";

    public EmailContent AccountCreated(string companyName, AccountRole role) => EmailLayout.Render(EmailTemplate.AccountCreated,
        "Votre demande de compte LeadsAssurance est enregistrée",
        new Paragraph(Hello),
        new Paragraph($"Nous avons bien reçu la demande d'ouverture du compte {RoleLabel(role)} de {companyName}."),
        new Paragraph("Notre équipe vérifie vos informations (SIREN, et numéro ORIAS pour un courtier). Vous recevrez un e-mail " +
            "dès que votre compte sera ouvert ; d'ici là, vous pouvez vous connecter pour suivre votre demande."),
        new Button("Se connecter", links.To("Account/Login")));

    public EmailContent AccountApproved(string companyName, AccountRole role) => EmailLayout.Render(EmailTemplate.AccountApproved,
        "Votre compte LeadsAssurance est ouvert",
        new Paragraph(Hello),
        new Paragraph($"Bonne nouvelle : notre équipe a validé le compte de {companyName}."),
        new Paragraph(role == AccountRole.Broker
            ? "Rechargez vos crédits, puis achetez vos premiers leads dans la salle de marché."
            : "Vous pouvez déposer vos premiers leads : formulaire, import CSV ou API avec une clé créée dans votre espace."),
        new Button("Se connecter", links.To("Account/Login")));

    public EmailContent AccountSuspended(string companyName, string reason) => EmailLayout.Render(EmailTemplate.AccountSuspended,
        "Votre compte LeadsAssurance est suspendu",
        new Paragraph(Hello),
        new Paragraph($"Le compte de {companyName} a été suspendu : vous ne pouvez plus vous connecter, et ses clés d'API sont refusées."),
        new Facts(("Motif", reason)),
        new Paragraph("Pour en savoir plus ou demander sa réouverture, contactez l'équipe LeadsAssurance."));

    public EmailContent PasswordReset(Uri resetLink) => EmailLayout.Render(EmailTemplate.PasswordReset,
        "Réinitialisation de votre mot de passe LeadsAssurance",
        new Paragraph(Hello),
        new Paragraph("Vous avez demandé à changer le mot de passe de votre compte LeadsAssurance. Choisissez-en un nouveau " +
            "avec le lien ci-dessous ; il ne sert qu'une fois et pour une durée limitée."),
        new Button("Choisir un nouveau mot de passe", resetLink),
        new Paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé."));

    public EmailContent PasswordResetCode(string code) => EmailLayout.Render(EmailTemplate.PasswordResetCode,
        "Code de réinitialisation de votre mot de passe LeadsAssurance",
        new Paragraph(Hello),
        new Paragraph("Voici le code qui vous permet de choisir un nouveau mot de passe pour votre compte LeadsAssurance :"),
        new Code(code),
        new Paragraph("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé."));

    public EmailContent EmailConfirmation(Uri confirmationLink) => EmailLayout.Render(EmailTemplate.EmailConfirmation,
        "Confirmez votre adresse e-mail",
        new Paragraph(Hello),
        new Paragraph("Confirmez que cette adresse est bien la vôtre : c'est à elle que LeadsAssurance enverra les messages de votre compte."),
        new Button("Confirmer mon adresse", confirmationLink),
        new Paragraph("Si vous n'avez rien demandé, ignorez ce message."));

    /// <param name="outcome">What became of a lead paid by this top-up, if it was for one.</param>
    public EmailContent CardTopUpReceived(string companyName, decimal amount, decimal balance, string? outcome) => EmailLayout.Render(
        EmailTemplate.CardTopUpReceived,
        $"Paiement reçu : {Euros(amount)} crédités",
        [
            new Paragraph(Hello),
            new Paragraph($"Nous avons bien reçu le paiement par carte de {companyName}."),
            new Facts(("Montant crédité", Euros(amount)), ("Nouveau solde", Euros(balance))),
            .. outcome is null ? Array.Empty<EmailBlock>() : [new Paragraph(outcome)],
            new Button("Voir mes crédits", links.To("credits")),
        ]);

    /// <summary>Stripe took back (part of) a card top-up: a refund, or a dispute the cardholder opened with his bank.</summary>
    public EmailContent CardPaymentReversed(string companyName, bool chargeback, decimal amount, decimal debited, decimal debt, decimal balance) =>
        EmailLayout.Render(EmailTemplate.CardPaymentReversed,
        chargeback ? $"Paiement par carte contesté : {Euros(amount)} repris" : $"Paiement par carte remboursé : {Euros(amount)} repris",
        [
            new Paragraph(Hello),
            new Paragraph(chargeback
                ? $"La banque du titulaire de la carte a contesté un paiement de {companyName} : Stripe nous a repris {Euros(amount)}."
                : $"Un paiement par carte de {companyName} a été remboursé de {Euros(amount)} : les crédits correspondants sont repris."),
            new Facts(("Repris sur vos crédits", Euros(debited)), ("Nouveau solde", Euros(balance))),
            .. debt > 0
                ? [new Paragraph($"{Euros(debt)} de ces crédits avaient déjà servi à des achats : ce montant reste dû. Notre équipe vous contactera pour le régler (par virement, ou en le reprenant sur vos prochains crédits).")]
                : Array.Empty<EmailBlock>(),
            new Button("Voir mes crédits", links.To("credits")),
        ]);

    public EmailContent LowBalance(string companyName, decimal balance, decimal threshold) => EmailLayout.Render(EmailTemplate.LowBalance,
        $"Vos crédits LeadsAssurance sont passés sous {Euros(threshold)}",
        new Paragraph(Hello),
        new Paragraph($"Après votre dernier achat, le solde de crédits de {companyName} est passé sous {Euros(threshold)}."),
        new Facts(("Solde actuel", Euros(balance))),
        new Paragraph("Rechargez vos crédits pour continuer d'acheter des leads sans interruption."),
        new Button("Recharger mes crédits", links.To("credits")));

    public EmailContent FlowWebhookFailed(string companyName, string flowName, int attempts, string lastError) => EmailLayout.Render(
        EmailTemplate.FlowWebhookFailed,
        $"Flux « {flowName} » : un lead n'a pas pu être envoyé à votre CRM",
        new Paragraph(Hello),
        new Paragraph($"Le flux « {flowName} » de {companyName} a acheté un lead, mais votre CRM ne l'a pas accepté après {attempts} tentatives. " +
            "Le lead reste à vous : il figure dans « Mes achats » avec son certificat de consentement."),
        new Facts(("Dernière erreur", lastError)),
        new Paragraph("Corrigez l'adresse ou le serveur de votre webhook, puis renvoyez la livraison depuis la page de vos flux."),
        new Button("Voir mes flux", links.To("flows")));

    public EmailContent FlowPausedForCredits(string companyName, IReadOnlyList<string> flowNames, decimal balance) => EmailLayout.Render(
        EmailTemplate.FlowPausedForCredits,
        flowNames.Count == 1 ? $"Votre flux « {flowNames[0]} » est en pause : crédits insuffisants" : $"{flowNames.Count} de vos flux sont en pause : crédits insuffisants",
        new Paragraph(Hello),
        new Paragraph($"Le solde de crédits de {companyName} ne suffisait plus pour payer un lead correspondant à "
            + (flowNames.Count == 1 ? "ce flux : il a été mis en pause." : "ces flux : ils ont été mis en pause.")),
        new Facts([("Flux en pause", string.Join(", ", flowNames)), ("Solde actuel", Euros(balance))]),
        new Paragraph("Rechargez vos crédits : un flux réglé sur « reprise automatique » repart dès le rechargement ; "
            + "sinon, relancez-le depuis la page Mes flux."),
        new Button("Voir mes flux", links.To("flows")));

    /// <summary>The leads the broker's flows bought in one ingestion batch, for a broker who asked for an e-mail per delivery.</summary>
    public EmailContent FlowLeadsDelivered(string companyName, IReadOnlyList<DeliveredLeadLine> leads, int more) => EmailLayout.Render(
        EmailTemplate.FlowLeadsDelivered,
        leads.Count + more == 1 ? $"Nouveau lead livré par votre flux « {leads[0].FlowName} »" : $"{leads.Count + more} nouveaux leads livrés par vos flux",
        new Paragraph(Hello),
        new Paragraph($"Vos flux viennent d'acheter pour {companyName} :"),
        new Facts([.. leads.Select(l => ($"{l.ProductLabel} · {l.FlowName}", $"{l.Contact} · {l.Phone} · {l.Place} · {Euros(l.Price)}"))]),
        new Paragraph(more == 0 ? "Retrouvez-les, avec leur certificat de consentement, dans « Mes achats »."
            : $"Et {more} autre{(more > 1 ? "s" : "")} : retrouvez-les tous, avec leur certificat de consentement, dans « Mes achats »."),
        new Button("Voir mes achats", links.To("purchases")));

    /// <summary>What the broker's flows did on one Paris day, for a broker who asked for a daily summary.</summary>
    public EmailContent FlowDailyDigest(string companyName, DateOnly day, IReadOnlyList<(string FlowName, int Leads, decimal Spend)> flows, int failedDeliveries, decimal balance) =>
        EmailLayout.Render(EmailTemplate.FlowDailyDigest,
            $"Vos flux le {day.ToString("dddd d MMMM", France.Culture)} : {flows.Sum(f => f.Leads)} lead{(flows.Sum(f => f.Leads) > 1 ? "s" : "")}",
            new Paragraph(Hello),
            new Paragraph($"Le {day.ToString("dddd d MMMM yyyy", France.Culture)}, les flux de {companyName} ont acheté {flows.Sum(f => f.Leads)} lead(s) pour {Euros(flows.Sum(f => f.Spend))}."),
            new Facts([.. flows.Select(f => (f.FlowName, $"{f.Leads} lead{(f.Leads > 1 ? "s" : "")} · {Euros(f.Spend)}")),
                ("Envois au CRM en échec", failedDeliveries.ToString(France.Culture)), ("Solde de crédits", Euros(balance))]),
            new Paragraph(failedDeliveries > 0 ? "Des envois à votre CRM ont échoué : renvoyez-les depuis la page de vos flux." : "Tous vos leads sont dans « Mes achats », avec leur certificat de consentement."),
            new Button("Voir mes flux", links.To("flows")));

    /// <summary>The admin decided the broker's dispute; <paramref name="balance"/> is his balance after a refund.</summary>
    public EmailContent DisputeDecidedForBroker(string companyName, Disputes.DisputeFacts dispute, decimal? balance) => EmailLayout.Render(
        EmailTemplate.DisputeDecidedForBroker,
        dispute.Status == Disputes.DisputeStatus.Accepted
            ? $"Contestation acceptée : {Euros(dispute.Price)} recrédités" : "Contestation refusée",
        [
            new Paragraph(Hello),
            new Paragraph(dispute.Status == Disputes.DisputeStatus.Accepted
                ? $"Notre équipe a accepté la contestation de {companyName} : le prix payé vous est rendu en crédits, utilisables tout de suite."
                : $"Notre équipe a examiné la contestation de {companyName} et ne l'a pas acceptée : le lead reste acquis, aucun crédit n'est rendu."),
            new Facts([("Lead", $"{dispute.ProductLabel} · {dispute.City}"), ("Motif", dispute.Reason), ("Prix payé", Euros(dispute.Price)),
                .. dispute.Note is null ? Array.Empty<(string, string)>() : [("Note de l'équipe", dispute.Note)],
                .. dispute.Fee is null ? Array.Empty<(string, string)>() : [("Frais de contestation refusée", Euros(dispute.Fee.Value))],
                .. balance is null ? Array.Empty<(string, string)>() : [("Nouveau solde", Euros(balance.Value))]]),
            new Button("Voir mes achats", links.To("purchases")),
        ]);

    /// <summary>The admin decided a dispute on one of the provider's sold leads.</summary>
    public EmailContent DisputeDecidedForProvider(string companyName, Disputes.DisputeFacts dispute) => EmailLayout.Render(
        EmailTemplate.DisputeDecidedForProvider,
        dispute.Status == Disputes.DisputeStatus.Accepted ? "Un lead vendu vous est retourné" : "Contestation d'un lead vendu refusée",
        [
            new Paragraph(Hello),
            new Paragraph(dispute.Status == Disputes.DisputeStatus.Accepted
                ? $"Un courtier a contesté un lead vendu de {companyName} et notre équipe a accepté sa contestation : cette vente est comptée comme retournée."
                : $"Un courtier a contesté un lead vendu de {companyName} ; notre équipe a refusé sa contestation : la vente est maintenue."),
            new Facts([("Lead", $"{dispute.ProductLabel} · {dispute.City}"), ("Motif", dispute.Reason), ("Prix de vente", Euros(dispute.Price)),
                .. dispute.Note is null ? Array.Empty<(string, string)>() : [("Note de l'équipe", dispute.Note)]]),
            new Button("Voir mes leads", links.To("provider/leads")),
        ]);

    private static string RoleLabel(AccountRole role) => role == AccountRole.Broker ? "courtier" : "apporteur";

    private static string Euros(decimal amount) => amount.ToString("C", France.Culture);
}

/// <summary>A lead a flow bought, as the delivery e-mail lists it (the phone as a French person reads it).</summary>
public sealed record DeliveredLeadLine(string FlowName, string ProductLabel, string Contact, string Phone, string Place, decimal Price);
