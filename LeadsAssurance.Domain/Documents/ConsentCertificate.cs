using System.Globalization;

namespace LeadsAssurance.Domain.Documents;

/// <summary>Everything a "Certificat de consentement" states, read in one query.</summary>
public sealed record CertificateData(
    Guid LeadId,
    string FirstName,
    string LastName,
    string Phone,
    string Email,
    string ZipCode,
    string City,
    string Departement,
    string ProductCode,
    string ProductLabel,
    string ProviderCompany,
    string? ProviderSiren,
    string ConsentText,
    string TextVersion,
    IReadOnlyList<string> Partners,
    DateTimeOffset CapturedAt,
    string IpAddress,
    string UserAgent,
    string SourceUrl,
    string ProofHash,
    long ChainPosition,
    string PreviousHash,
    DateTimeOffset RecordedAt,
    IReadOnlyList<CertificatePurchase> Purchases,
    DateTimeOffset? ErasedAt = null,
    bool? CheckboxUncheckedByDefault = null,
    string? PageSnapshotSha256 = null,
    int? OppositionVersion = null,
    string? PartnerList = null);

/// <summary>One purchase of the lead the certificate names (the requesting broker's, or every one for an audit).</summary>
/// <param name="Named">Whether the consent's partners name this broker (his company, trade names or ORIAS number; see
/// <c>Partners/PartnerName</c>); null when unknown.</param>
public sealed record CertificatePurchase(Guid PurchaseId, string BrokerCompany, string? BrokerOrias, DateTimeOffset PurchasedAt, decimal Price,
    bool? Named = null);

/// <summary>
/// Draws the "Certificat de consentement" of a purchased lead: who consented, to what text, when, from where, the proof
/// hash with its place in the chain, the purchase, a QR code to the public verification page and how to check it.
/// One A4 page in the usual case; a long consent text flows onto the next.
/// </summary>
public static class ConsentCertificate
{
    public static string FileName(CertificateData c) => $"certificat-consentement-{c.LeadId}.pdf";

    public static string VerificationUrl(string publicBaseUrl, string proofHash) => $"{publicBaseUrl.TrimEnd('/')}/verify/{proofHash}";

    public static void Write(CertificateData c, string publicBaseUrl, DateTimeOffset issuedAt, Stream output)
    {
        var culture = France.Culture;
        var verifyUrl = VerificationUrl(publicBaseUrl, c.ProofHash);
        using var pdf = new PdfComposer(output, c.ErasedAt is null ? $"Certificat de consentement — {c.FirstName} {c.LastName}" : $"Certificat de consentement — lead {c.LeadId}",
            $"LeadsAssurance · Certificat de consentement · lead {c.LeadId}", issuedAt);

        const float qrSize = 80;
        var qrX = PdfComposer.PageWidth - PdfComposer.Margin - qrSize;
        pdf.QrCode(verifyUrl, qrX, pdf.Y, qrSize);
        pdf.Line("Vérifier en ligne", PdfStyle.Small, qrX + 8, pdf.Y + qrSize + 3);
        var top = pdf.Y;
        pdf.Title("Certificat de consentement");
        pdf.Paragraph("Preuve du recueil du consentement à être contacté, conservée par LeadsAssurance "
            + "(RGPD art. 7 ; Code des assurances, art. R112-7).", PdfStyle.Muted, width: PdfComposer.ContentWidth - qrSize - 16);
        pdf.Paragraph($"Émis le {Stamp(issuedAt)} (heure de Paris).", PdfStyle.Muted, width: PdfComposer.ContentWidth - qrSize - 16);
        pdf.Space(Math.Max(0, top + qrSize + 14 - pdf.Y));

        pdf.Heading("Personne concernée");
        if (c.ErasedAt is { } erased)
        {
            pdf.Field("Identité", $"Effacée le {Stamp(erased)} (RGPD art. 17) : nom, téléphone, e-mail et commune ne sont plus conservés.");
            pdf.Field("Code postal", $"{c.ZipCode} (département {c.Departement})");
        }
        else
        {
            pdf.Field("Nom", $"{c.FirstName} {c.LastName}");
            pdf.FieldPair("Téléphone", Leads.FrenchPhone.Display(c.Phone), "E-mail", c.Email, label2Width: 34);
            pdf.Field("Commune", $"{c.ZipCode} {c.City} (département {c.Departement})");
        }
        pdf.Field("Produit", $"{c.ProductLabel} ({c.ProductCode})");

        pdf.Heading("Source du consentement");
        pdf.FieldPair("Apporteur", c.ProviderCompany, "SIREN", c.ProviderSiren is { Length: 9 } s ? $"{s[..3]} {s[3..6]} {s[6..]}" : c.ProviderSiren);
        pdf.FieldPair("Recueilli le (UTC)", c.CapturedAt.UtcDateTime.ToString("dd/MM/yyyy HH:mm:ss 'UTC'", culture),
            "Heure de Paris", Stamp(c.CapturedAt));
        pdf.FieldPair("Adresse IP", c.IpAddress, "Version du texte", c.TextVersion);
        pdf.Field("Navigateur", c.UserAgent);
        pdf.Field("Page de recueil", c.SourceUrl);
        pdf.Field("Partenaires nommés", string.Join(", ", c.Partners)
            + (c.PartnerList?.Split(':') is [_, var listVersion, var listSha] ? $" (liste de l'apporteur, version {listVersion}, SHA-256 {listSha})" : ""));
        pdf.FieldPair("Appel possible jusqu'au", Stamp(Calling.CallingRules.CallWindowEnd(c.CapturedAt)) + " (Paris)",
            "Case non cochée par défaut", Consent.ConsentFacts.Checkbox(c.CheckboxUncheckedByDefault), label2Width: 132);
        if (c.PageSnapshotSha256 is { } snapshot)
            pdf.Field("Capture de la page", $"SHA-256 {snapshot}", mono: true);
        pdf.Field("Liste d'opposition", c.OppositionVersion is { } version
            ? $"contact absent de la version {version} (Bloctel et autres) à la réception du lead"
            : "non vérifiée (lead reçu avant la vérification des listes d'opposition)");
        pdf.Space(2);
        pdf.Paragraph("Texte exact présenté à la personne :", PdfStyle.Muted);
        pdf.Quote(c.ConsentText);

        pdf.Heading("Preuve d'intégrité");
        pdf.Field("Empreinte SHA-256", c.ProofHash, mono: true);
        pdf.Field("Empreinte précédente", c.PreviousHash, mono: true);
        pdf.FieldPair("Position dans la chaîne", $"n° {c.ChainPosition.ToString("N0", culture)}", "Enregistré le", Stamp(c.RecordedAt) + " (Paris)");

        pdf.Heading(c.Purchases.Count > 1 ? "Achats" : "Achat");
        foreach (var p in c.Purchases)
        {
            pdf.Field("Courtier", (p.BrokerOrias is null ? p.BrokerCompany : $"{p.BrokerCompany} (ORIAS {p.BrokerOrias})")
                + (p.Named switch { true => " — cité dans le consentement", false => " — non cité dans le consentement", _ => "" }));
            pdf.FieldPair("Date d'achat", Stamp(p.PurchasedAt) + " (Paris)", "Prix", p.Price.ToString("C", culture));
        }

        pdf.Heading("Comment vérifier ce certificat");
        pdf.Paragraph("1. Scannez le QR code ou ouvrez l'adresse ci-dessous : la page publique recalcule l'empreinte à partir des "
            + "données conservées, indique « Preuve valide » si rien n'a changé depuis l'enregistrement et montre la tête de chaîne "
            + "signée (Ed25519) du jour qui couvre ce consentement.", PdfStyle.Small);
        pdf.Paragraph(verifyUrl, PdfStyle.Small, x: PdfComposer.Margin + 8);
        pdf.Paragraph("2. L'empreinte SHA-256 couvre la personne, la source, le texte et l'empreinte précédente ; les enregistrements "
            + "ne peuvent être ni modifiés ni supprimés (ajout seul) : tout changement, même d'ordre, rompt la vérification.", PdfStyle.Small);
    }

    private static string Stamp(DateTimeOffset t) => France.ToParis(t).ToString("dd/MM/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
}
