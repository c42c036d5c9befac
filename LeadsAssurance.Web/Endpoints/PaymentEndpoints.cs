using System.Globalization;
using System.Security.Claims;
using System.Text;
using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>Stripe's webhook, and the wallet's documents: monthly statements and top-up receipts.</summary>
public static class PaymentEndpoints
{
    private const int MaxWebhookBytes = 512 * 1024;

    public static IEndpointRouteBuilder MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/stripe", StripeWebhookAsync).AllowAnonymous().DisableAntiforgery().WithTags("Paiements")
            .Accepts<string>("application/json").ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("ReceiveStripeEvent").WithSummary("Événements Stripe (webhook, sans clé)")
            .WithDescription("Appelé par Stripe seulement : la signature Stripe-Signature est vérifiée avec Stripe:WebhookSecret (400 sinon) ; "
                + "chaque événement n'est traité qu'une fois.");

        var broker = app.MapGroup("/api/v1/credits").RequireAuthorization(Policies.Broker).WithTags("Crédits (courtier)").ProducesKeyErrors();
        broker.MapGet("/statements/{month}.pdf", StatementAsync).Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesValidationProblem()
            .WithName("DownloadStatement").WithSummary("Relevé mensuel de crédits (PDF)")
            .WithDescription("Le relevé d'un mois (AAAA-MM, de 2000-01 au mois en cours) : solde d'ouverture, recharges, achats, remboursements, solde de clôture.");
        broker.MapGet("/receipts/{entryId:long}.pdf", ReceiptAsync).Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DownloadReceipt").WithSummary("Reçu d'une recharge (PDF)")
            .WithDescription("Le reçu d'une recharge de votre portefeuille ; 404 si le mouvement n'est pas une de vos recharges.");
        return app;
    }

    /// <summary>Verifies Stripe's signature on the raw body; 400 when it fails, 200 once handled (or already handled).</summary>
    private static async Task<Results<Ok<WebhookReply>, ProblemHttpResult>> StripeWebhookAsync(
        HttpRequest request, StripeWebhooks webhooks, CancellationToken ct)
    {
        if (request.ContentLength > MaxWebhookBytes)
            return TypedResults.Problem(title: "Payload too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(ct);
        var result = await webhooks.HandleAsync(json, request.Headers["Stripe-Signature"], ct);
        if (result.Status == WebhookStatus.Rejected)
            return TypedResults.Problem(title: "Invalid Stripe signature", detail: result.Reason, statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(new WebhookReply(result.Status.ToString()));
    }

    private sealed record WebhookReply(string Status);

    /// <summary>The statement of a month from January 2000 to the current one (Paris time); 9999-12 was a 500.</summary>
    private static async Task<Results<FileContentHttpResult, ValidationProblem>> StatementAsync(
        string month, AccountStatements statements, ClaimsPrincipal user, TimeProvider time, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            return MonthProblem("Mois attendu au format AAAA-MM.");
        var today = Domain.France.ToParis(time.GetUtcNow());
        if (first.Year < 2000 || first > new DateOnly(today.Year, today.Month, 1))
            return MonthProblem($"Aucun relevé pour {month} : choisissez un mois entre 2000-01 et le mois en cours ({today:yyyy-MM}).");
        using var pdf = new MemoryStream();
        await statements.WriteMonthlyAsync(user.RequiredAccountId(), first, pdf, ct);
        return TypedResults.File(pdf.ToArray(), "application/pdf", $"releve-credits-{month}.pdf");
    }

    private static ValidationProblem MonthProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["month"] = [message] }, title: "Données invalides.");

    private static async Task<Results<FileContentHttpResult, NotFound>> ReceiptAsync(
        long entryId, AccountStatements statements, ClaimsPrincipal user, CancellationToken ct)
    {
        using var pdf = new MemoryStream();
        return await statements.WriteReceiptAsync(user.RequiredAccountId(), entryId, pdf, ct)
            ? TypedResults.File(pdf.ToArray(), "application/pdf", $"recu-recharge-{entryId}.pdf")
            : TypedResults.NotFound();
    }
}
