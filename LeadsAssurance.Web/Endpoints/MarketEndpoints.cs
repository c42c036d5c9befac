using System.Security.Claims;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>
/// A lead on sale: <see cref="Price"/> is its price now; with a falling price, its floor and when it next falls (null when
/// fixed or at the floor); its provider's quality score (0 to 5, one decimal) and the sales behind it; whether its consent
/// names the broker who asked (null in hub events, which every client receives alike).
/// </summary>
public sealed record MarketItem(Guid Id, string ProductCode, string Departement, string City, DateTimeOffset CreatedAt,
    decimal Price, bool Exclusive, int BuyersLeft, IReadOnlyDictionary<string, object?> Attributes, decimal ProviderScore, int ProviderSales,
    decimal? PriceFloor, DateTimeOffset? NextPriceAt, bool? NamedPartner);
public sealed record MarketResponse(IReadOnlyList<MarketItem> Items, int Total);
public sealed record ReserveResponse(Guid ReservationId, Guid LeadId, DateTimeOffset ExpiresAt, decimal Price);
public sealed record PayRequest(string? Method);
public sealed record PayResponse(Guid PurchaseId, PurchasedLeadResponse Lead);
public sealed record PurchasedLeadResponse(Guid Id, string ProductCode, string FirstName, string LastName, string Phone, string Email,
    string ZipCode, string City, string Departement, System.Text.Json.JsonElement Attributes, decimal Price, DateTimeOffset CreatedAt, DateTimeOffset PurchasedAt,
    Guid? FlowId, DateTimeOffset? ContactErasedAt = null);

public static class MarketEndpoints
{
    public static void MapMarketEndpoints(this RouteGroupBuilder v1)
    {
        var broker = v1.MapGroup("").RequireAuthorization(Policies.Broker).WithTags("Marché (courtier)").ProducesKeyErrors();
        broker.MapGet("/market", ListAsync).WithName("ListMarketLeads").WithSummary("Leads en vente")
            .WithDescription("La salle de marché, sans donnée de contact : filtres par produit et département (listes séparées par des virgules), "
                + "prix, exclusivité et ancienneté (maxAgeHours, 1 à 8 784) ; tri Newest, Oldest, PriceAscending ou PriceDescending ; "
                + "page à partir de 1 et pageSize de 1 à 200. Les leads que vous avez déjà achetés ou réservés n'y figurent pas. "
                + "price est le prix actuel : un produit peut baisser avec l'âge du lead jusqu'à un plancher (priceFloor) ; nextPriceAt dit quand "
                + "il baisse ensuite (null pour un prix fixe ou au plancher). Les filtres et le tri par prix portent sur le prix actuel. "
                + "providerScore est la note qualité de l'apporteur (0 à 5, une décimale ; 3,5 pour un apporteur sans historique) et providerSales "
                + "le nombre de ventes sur lequel elle repose ; minScore (0 à 5) ne garde que les leads des apporteurs notés au moins autant. "
                + "namedPartner dit si le consentement vous cite parmi ses partenaires (raison sociale, noms commerciaux déclarés ou numéro ORIAS, "
                + "sans tenir compte de la casse, des accents ni des formes juridiques) ; le filtre namedPartner=true ne garde que ces leads, false les autres.")
            .ProducesValidationProblem();
        broker.MapPost("/market/{leadId:guid}/reserve", ReserveAsync).WithName("ReserveLead").WithSummary("Réserver un lead")
            .WithDescription("Réserve le lead pour vous le temps de payer (Market:HoldDuration, 10 minutes par défaut), au prix actuel, "
                + "bloqué pendant la réservation : c'est le prix débité au paiement. 409 s'il est déjà réservé ou vendu "
                + "à un autre courtier (ou acheté par vous), 404 s'il n'existe pas, 429 au-delà du nombre de réservations simultanées, "
                + "403 si le produit exige que l'acheteur soit cité parmi les partenaires du consentement et que ce lead ne vous cite pas.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        broker.MapPost("/reservations/{id:guid}/pay", PayAsync).WithName("PayReservation").WithSummary("Payer une réservation avec ses crédits")
            .WithDescription("Achète le lead réservé avec vos crédits et renvoie ses coordonnées complètes. 402 si le solde ne suffit pas (la réservation "
                + "reste jusqu'à son expiration), 410 si elle a expiré, 404 si elle n'est pas à vous.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status402PaymentRequired).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status410Gone);
        broker.MapDelete("/reservations/{id:guid}", CancelAsync).WithName("CancelReservation").WithSummary("Libérer une réservation")
            .WithDescription("Rend le lead au marché tout de suite.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        broker.MapGet("/purchases", PurchasesAsync).WithName("ListPurchases").WithSummary("Mes achats")
            .WithDescription("Vos leads achetés, avec leurs coordonnées complètes, du plus récent au plus ancien ; flowId est le flux qui l'a acheté "
                + "(null pour un achat dans la salle de marché).");
    }

    internal static MarketItem ToItem(MarketLead l) =>
        new(l.Id, l.ProductCode, l.Departement, l.City, l.CreatedAt, l.Price, l.Exclusive, l.BuyersLeft, l.Attributes, l.ProviderScore, l.ProviderSales,
            l.PriceSchedule?.Floor, l.NextPriceAt(l.PricedAt), l.NamedPartner);

    internal static PurchasedLeadResponse ToResponse(PurchasedLead l) =>
        new(l.Id, l.ProductCode, l.FirstName, l.LastName, l.Phone, l.Email, l.ZipCode, l.City, l.Departement,
            System.Text.Json.JsonDocument.Parse(l.Attributes).RootElement, l.Price, l.CreatedAt, l.PurchasedAt, l.FlowId, l.ErasedAt);

    private static async Task<Ok<MarketResponse>> ListAsync(MarketService market, ClaimsPrincipal user, [FromQuery] string? product, [FromQuery] string? departement,
        [FromQuery] decimal? minPrice, [FromQuery] decimal? maxPrice, [FromQuery] bool? exclusive, [FromQuery] int? page, [FromQuery] int? pageSize,
        [FromQuery] int? maxAgeHours, [FromQuery] MarketSort? sort, [FromQuery] decimal? minScore, [FromQuery] bool? namedPartner, CancellationToken ct)
    {
        var query = new MarketQuery(Split(product), Split(departement), minPrice, maxPrice, exclusive, maxAgeHours,
            sort ?? MarketSort.Newest, page ?? 1, pageSize ?? 50, user.RequiredAccountId(), minScore, namedPartner);
        var result = await market.ListAsync(query, ct);
        return TypedResults.Ok(new MarketResponse([.. result.Items.Select(ToItem)], result.Total));
    }

    private static async Task<Created<ReserveResponse>> ReserveAsync(Guid leadId, MarketService market, ClaimsPrincipal user, CancellationToken ct)
    {
        var hold = await market.ReserveAsync(leadId, user.RequiredAccountId(), ct);
        return TypedResults.Created($"/api/v1/reservations/{hold.ReservationId}",
            new ReserveResponse(hold.ReservationId, hold.LeadId, hold.ExpiresAt, hold.Price));
    }

    private static async Task<Results<Ok<PayResponse>, ValidationProblem>> PayAsync(
        Guid id, PayRequest? request, MarketService market, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!string.Equals(request?.Method ?? "credits", "credits", StringComparison.OrdinalIgnoreCase))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["method"] = ["Seul le paiement par crédits (\"credits\") est accepté par l'API."] },
                title: "Données invalides.");
        var result = await market.PayWithCreditsAsync(id, user.RequiredAccountId(), ct);
        return TypedResults.Ok(new PayResponse(result.PurchaseId, ToResponse(result.Lead)));
    }

    private static async Task<NoContent> CancelAsync(Guid id, MarketService market, ClaimsPrincipal user, CancellationToken ct)
    {
        await market.CancelAsync(id, user.RequiredAccountId(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<PurchasedLeadResponse>>> PurchasesAsync(PurchaseQueries purchases, ContactAccessTrail trail, ClaimsPrincipal user, CancellationToken ct)
    {
        var brokerId = user.RequiredAccountId();
        var items = await purchases.ListAsync(brokerId, null, ct);
        // Recorded before the answer leaves: a failure to record returns an error, not the contacts.
        await trail.RecordAsync(brokerId, brokerId, RevealChannel.PurchasesApi, [.. items.Select(i => i.Id)], ct: ct);
        return TypedResults.Ok(items.Select(ToResponse).ToList());
    }

    private static List<string>? Split(string? csv) =>
        string.IsNullOrWhiteSpace(csv) ? null : [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
