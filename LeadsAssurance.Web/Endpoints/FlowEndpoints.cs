using System.Security.Claims;
using System.Text.Json.Serialization;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

/// <summary>A flow as the API returns it: the request's fields, its id and status, and what it bought this period.</summary>
public sealed record FlowResponse(
    Guid Id, FlowStatus Status, string? PauseReason,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WebhookSecret,
    string Name, IReadOnlyList<string> ProductCodes, IReadOnlyList<string> Departements, decimal? MaxPrice, bool? Exclusive,
    int? MaxConsentAgeHours, decimal? MinProviderScore, IReadOnlyDictionary<string, FlowAttributeFilter> Attributes, FlowCaps Caps, FlowSchedule? Schedule,
    int Priority, string? WebhookUrl, bool AutoResume, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, FlowUsage Usage, bool NamedPartnerOnly);
public sealed record FlowStatusResponse(Guid Id, FlowStatus Status);
public sealed record WebhookSecretResponse(string WebhookSecret);
public sealed record FlowDeliveryResponse(Guid Id, Guid LeadId, Guid PurchaseId, decimal Price, DateTimeOffset CreatedAt, FlowDeliveryStatus Status,
    int Attempts, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, string? LastError);

public static class FlowEndpoints
{
    public static void MapFlowEndpoints(this RouteGroupBuilder v1)
    {
        var broker = v1.MapGroup("").RequireAuthorization(Policies.Broker).WithTags("Flux (courtier)").ProducesKeyErrors();
        broker.MapGet("/flows", ListAsync).WithName("ListFlows").WithSummary("Mes flux")
            .WithDescription("Vos flux (les flux supprimés n'y figurent pas), avec les leads achetés aujourd'hui, cette semaine et ce mois-ci "
                + "(jours, semaines ISO et mois du calendrier de Paris) et les euros dépensés ce mois-ci.");
        broker.MapGet("/flows/{id:guid}", GetAsync).WithName("GetFlow").WithSummary("Un flux")
            .WithDescription("Un de vos flux, avec ses achats du jour, de la semaine et du mois. 404 s'il n'est pas à vous ou a été supprimé.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        broker.MapPost("/flows", CreateAsync).WithName("CreateFlow").WithSummary("Créer un flux")
            .WithDescription("Un ordre d'achat permanent : les leads qui correspondent aux critères sont achetés avec vos crédits dès leur arrivée, "
                + "avant la salle de marché, dans la limite des plafonds et des horaires (Europe/Paris). Avec une URL de webhook, la réponse contient "
                + "webhookSecret, la clé de signature, affichée cette seule fois. minProviderScore (0 à 5, une décimale) n'achète que les leads "
                + "des apporteurs dont la note qualité l'atteint. 400 avec les erreurs par champ.")
            .ProducesValidationProblem();
        broker.MapPut("/flows/{id:guid}", UpdateAsync).WithName("UpdateFlow").WithSummary("Modifier un flux")
            .WithDescription("Remplace les réglages du flux (même corps que la création) ; ses compteurs, son statut et sa clé restent. "
                + "Un flux qui reçoit sa première URL de webhook reçoit aussi sa clé, dans webhookSecret, cette seule fois.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        broker.MapDelete("/flows/{id:guid}", DeleteAsync).WithName("DeleteFlow").WithSummary("Supprimer un flux")
            .WithDescription("Arrête le flux et le retire de la liste ; ses achats et livraisons restent consultables.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        broker.MapPost("/flows/{id:guid}/pause", PauseAsync).WithName("PauseFlow").WithSummary("Mettre un flux en pause")
            .WithDescription("Le flux n'achète plus rien jusqu'à sa relance ; motif « Mis en pause par le courtier ». "
                + "409 si l'administrateur l'a suspendu.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        broker.MapPost("/flows/{id:guid}/resume", ResumeAsync).WithName("ResumeFlow").WithSummary("Relancer un flux")
            .WithDescription("Le flux achète de nouveau, dès le prochain lead correspondant (y compris après une pause pour crédits insuffisants). "
                + "409 si l'administrateur l'a suspendu : lui seul peut le rétablir.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        broker.MapPost("/flows/{id:guid}/rotate-secret", RotateSecretAsync).WithName("RotateFlowSecret").WithSummary("Renouveler la clé du webhook")
            .WithDescription("Une nouvelle clé de signature, affichée cette seule fois ; l'ancienne ne signe plus. 400 si le flux n'a pas de webhook.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        broker.MapGet("/flows/{id:guid}/deliveries", DeliveriesAsync).WithName("ListFlowDeliveries").WithSummary("Livraisons d'un flux")
            .WithDescription("Les leads achetés par le flux, du plus récent au plus ancien, avec l'état de leur envoi au webhook.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        broker.MapPost("/deliveries/{id:guid}/resend", ResendAsync).WithName("ResendFlowDelivery").WithSummary("Renvoyer une livraison")
            .WithDescription("Remet en file une livraison en échec : elle est renvoyée au webhook dès que possible. 422 si elle n'est pas en échec.")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Ok<List<FlowResponse>>> ListAsync(FlowService flows, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok((await flows.ListAsync(user.RequiredAccountId(), ct)).Select(f => ToResponse(f, null)).ToList());

    private static async Task<Ok<FlowResponse>> GetAsync(Guid id, FlowService flows, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(ToResponse(await flows.GetAsync(user.RequiredAccountId(), id, ct), null));

    private static async Task<Created<FlowResponse>> CreateAsync(FlowRequest request, FlowService flows, ClaimsPrincipal user, CancellationToken ct)
    {
        var created = await flows.CreateAsync(user.RequiredAccountId(), request, ct);
        return TypedResults.Created($"/api/v1/flows/{created.Flow.Id}", ToResponse(created.Flow, created.WebhookSecret));
    }

    private static async Task<Ok<FlowResponse>> UpdateAsync(Guid id, FlowRequest request, FlowService flows, ClaimsPrincipal user, CancellationToken ct)
    {
        var updated = await flows.UpdateAsync(user.RequiredAccountId(), id, request, ct);
        return TypedResults.Ok(ToResponse(updated.Flow, updated.WebhookSecret));
    }

    private static async Task<NoContent> DeleteAsync(Guid id, FlowService flows, ClaimsPrincipal user, CancellationToken ct)
    {
        await flows.DeleteAsync(user.RequiredAccountId(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<FlowStatusResponse>> PauseAsync(Guid id, FlowService flows, ClaimsPrincipal user, CancellationToken ct)
    {
        var flow = await flows.PauseAsync(user.RequiredAccountId(), id, ct);
        return TypedResults.Ok(new FlowStatusResponse(flow.Id, flow.Status));
    }

    private static async Task<Ok<FlowStatusResponse>> ResumeAsync(Guid id, FlowService flows, ClaimsPrincipal user, CancellationToken ct)
    {
        var flow = await flows.ResumeAsync(user.RequiredAccountId(), id, ct);
        return TypedResults.Ok(new FlowStatusResponse(flow.Id, flow.Status));
    }

    private static async Task<Ok<WebhookSecretResponse>> RotateSecretAsync(Guid id, FlowService flows, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(new WebhookSecretResponse(await flows.RotateSecretAsync(user.RequiredAccountId(), id, ct)));

    private static async Task<Ok<List<FlowDeliveryResponse>>> DeliveriesAsync(Guid id, FlowService flows, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok((await flows.DeliveriesAsync(user.RequiredAccountId(), id, ct: ct))
            .Select(d => new FlowDeliveryResponse(d.Id, d.LeadId, d.PurchaseId, d.Price, d.CreatedAt, d.Status, d.Attempts, d.NextAttemptAt, d.DeliveredAt, d.LastError))
            .ToList());

    private static async Task<Accepted> ResendAsync(Guid id, FlowService flows, LeadsAssurance.Domain.Flows.Webhooks.FlowWebhookSender sender, ClaimsPrincipal user, CancellationToken ct)
    {
        await flows.ResendAsync(user.RequiredAccountId(), id, ct);
        sender.Wake();
        return TypedResults.Accepted((string?)null);
    }

    private static FlowResponse ToResponse(FlowSummary f, string? secret) => new(
        f.Id, f.Status, f.PauseReason, secret, f.Name, f.ProductCodes, f.Departements, f.MaxPrice, f.Exclusive, f.MaxConsentAgeHours,
        f.MinProviderScore, f.Attributes, f.Caps, f.Schedule, f.Priority, f.WebhookUrl, f.AutoResume, f.CreatedAt, f.UpdatedAt, f.Usage,
        f.NamedPartnerOnly);
}
