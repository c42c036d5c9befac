using System.Globalization;
using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Web.Hosting;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>What a broker shows an auditor: purchases as CSV, consent certificates one by one or as a streamed ZIP.</summary>
public static class DocumentEndpoints
{
    public static void MapDocumentEndpoints(this RouteGroupBuilder v1)
    {
        var broker = v1.MapGroup("").RequireAuthorization(Policies.Broker).WithTags("Achats et certificats (courtier)").ProducesKeyErrors();
        broker.MapGet("/purchases.csv", PurchasesCsvAsync).Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .WithName("ExportPurchasesCsv").WithSummary("Exporter mes achats (CSV)")
            .WithDescription("Vos achats au format CSV pour Excel (séparateur « ; », UTF-8 avec BOM), avec le lien de vérification de chaque consentement.");
        broker.MapGet("/purchases/certificates.zip", CertificatesZipAsync).Produces(StatusCodes.Status200OK, contentType: "application/zip")
            .ProducesValidationProblem()
            .WithName("DownloadCertificatesZip").WithSummary("Tous mes certificats de consentement (ZIP)")
            .WithDescription("Les certificats PDF de vos achats, ou de ceux achetés entre from et to (jours de Paris, AAAA-MM-JJ, inclus), avec un index.csv.");
        v1.MapGet("/purchases/{leadId:guid}/certificate.pdf", CertificateAsync).RequireAuthorization(Policies.BrokerOrAdmin)
            .WithTags("Achats et certificats (courtier)").Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesKeyErrors().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadCertificate").WithSummary("Certificat de consentement d'un lead acheté (PDF)")
            .WithDescription("Le certificat à présenter à l'ACPR ou à la CNIL : texte du consentement, date, IP, empreinte et position dans la chaîne. "
                + "404 si vous n'avez pas acheté ce lead ; un administrateur obtient celui de tout lead, et l'accès est journalisé.");
        v1.MapGet("/purchases/{leadId:guid}/consent-page", ConsentPageAsync).RequireAuthorization(Policies.BrokerOrAdmin)
            .WithTags("Achats et certificats (courtier)").Produces(StatusCodes.Status200OK, contentType: "text/plain")
            .ProducesKeyErrors().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadConsentPageSnapshot").WithSummary("Capture HTML de la page de recueil d'un lead acheté")
            .WithDescription("Le code HTML de la page de recueil tel que l'apporteur l'a capturé (consent.pageSnapshot), en texte brut et en pièce "
                + "jointe, jamais affiché comme une page ; son SHA-256 est couvert par l'empreinte du consentement (forme canonique v3). "
                + "404 si vous n'avez pas acheté ce lead ou s'il n'a pas de capture ; un administrateur obtient celle de tout lead.");
    }

    /// <summary>
    /// A lead's page snapshot as a text attachment: HTML a provider sent must never run in our origin (stored XSS), so it is
    /// served as text/plain, not sniffable, and sandboxed should a browser render it anyway.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ConsentPageAsync(
        Guid leadId, HttpContext http, Domain.Consent.ConsentPageSnapshots snapshots, ClaimsPrincipal user, CancellationToken ct)
    {
        var snapshot = await snapshots.ForLeadAsync(leadId, user.RequiredAccountId(), user.IsInRole(Roles.Admin), ct);
        if (snapshot is null)
            return TypedResults.Problem(title: "Snapshot not found",
                detail: "Aucune capture de page : ce lead n'en a pas, ou vous ne l'avez pas acheté.", statusCode: StatusCodes.Status404NotFound);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(snapshot.Html), "text/plain; charset=utf-8",
            $"page-consentement-{leadId}-{snapshot.Sha256[..12]}.html.txt");
    }

    private static async Task PurchasesCsvAsync(HttpContext http, PurchaseExport export, ContactAccessTrail trail, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var brokerId = user.RequiredAccountId();
        // The access trail first: the file holds exactly the purchases it recorded.
        var asOf = await trail.RecordPurchasesAsync(brokerId, brokerId, RevealChannel.CsvExport, detail: "purchases.csv", ct: ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"mes-achats-{France(time):yyyy-MM-dd}.csv\"";
        await export.WriteCsvAsync(brokerId, PublicAddress.BaseUrl(http), http.Response.Body, ct, asOf);
    }

    /// <summary>A lead's certificate: the buyer's own, or for an admin any lead's (logged as an audit access). 404 otherwise.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CertificateAsync(
        Guid leadId, HttpContext http, Certificates certificates, ContactAccessTrail trail, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        var accountId = user.RequiredAccountId();
        var data = user.IsInRole(Roles.Admin)
            ? await certificates.ForAuditAsync(leadId, accountId, ct)
            : await certificates.ForBrokerAsync(leadId, accountId, ct);
        if (data is null)
            return TypedResults.Problem(title: "Certificate not found", detail: "Aucun certificat : vous n'avez pas acheté ce lead.", statusCode: StatusCodes.Status404NotFound);
        var admin = user.IsInRole(Roles.Admin);
        await trail.RecordAsync(accountId, admin ? null : accountId, RevealChannel.Certificate, [leadId], admin ? "consultation administrateur" : null, ct);
        using var pdf = new MemoryStream(96 * 1024);
        Certificates.Render(data, PublicAddress.BaseUrl(http), time.GetUtcNow(), pdf);
        return TypedResults.File(pdf.ToArray(), "application/pdf", ConsentCertificate.FileName(data));
    }

    /// <summary>All the broker's certificates (or those bought between <c>from</c> and <c>to</c>, Paris days, inclusive), streamed.</summary>
    private static async Task<Results<EmptyHttpResult, ValidationProblem>> CertificatesZipAsync(
        HttpContext http, Certificates certificates, ContactAccessTrail trail, ClaimsPrincipal user, TimeProvider time,
        [FromQuery] string? from, [FromQuery] string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var start = Day(from, "from", errors);
        var end = Day(to, "to", errors);
        if (start > end)
            errors["to"] = ["La date de fin doit suivre la date de début."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "Données invalides.");
        var brokerId = user.RequiredAccountId();
        var asOf = await trail.RecordPurchasesAsync(brokerId, brokerId, RevealChannel.CertificateZip,
            start is { } s ? Domain.France.DayStart(s) : null, end is { } e ? Domain.France.DayStart(e.AddDays(1)) : null, "certificates.zip", ct);
        http.Response.ContentType = "application/zip";
        var suffix = start is null && end is null ? France(time).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : $"{start?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "debut"}_{end?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "fin"}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"certificats-consentement-{suffix}.zip\"";
        await certificates.WriteZipAsync(brokerId, start, end, PublicAddress.BaseUrl(http), http.Response.Body, ct, asOf);
        return TypedResults.Empty;
    }

    private static DateOnly? Day(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            errors[field] = ["Date attendue au format AAAA-MM-JJ."];
        // Paris days at the ends of DateOnly's range have no UTC instant (0001-01-01, 9999-12-31 + 1 day were 500s).
        else if (day.Year is < 2000 or > 2099)
            errors[field] = ["Date attendue entre 2000-01-01 et 2099-12-31."];
        else
            return day;
        return null;
    }

    private static DateTimeOffset France(TimeProvider time) => Domain.France.ToParis(time.GetUtcNow());
}
