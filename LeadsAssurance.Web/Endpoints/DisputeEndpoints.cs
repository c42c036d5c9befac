using LeadsAssurance.Domain;
using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Disputes;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace LeadsAssurance.Web.Endpoints;

public sealed record DisputeReasonResponse(string Code, string Label);
public sealed record DisputeRequest(string? Reason, string? Comment);
public sealed record OpenedDisputeResponse(Guid Id, Guid LeadId, DisputeStatus Status);
public sealed record DisputeResponse(Guid Id, Guid LeadId, Guid BrokerId, Guid ProviderId, string Reason, string? Comment, DisputeStatus Status,
    string? DecisionNote, decimal? Refund, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt, List<DisputeFileResponse> Files, int? CallAttempts = null);
public sealed record DisputeFileResponse(Guid Id, string FileName, string ContentType, int Size, bool ByBroker, DateTimeOffset CreatedAt)
{
    public static DisputeFileResponse From(DisputeFileInfo f) => new(f.Id, f.FileName, f.ContentType, f.Size, f.ByBroker, f.CreatedAt);
}
public sealed record DecisionRequest(string? Note);
public sealed record AcceptedDisputeResponse(Guid Id, DisputeStatus Status, decimal Refund);
public sealed record RefusedDisputeResponse(Guid Id, DisputeStatus Status);

/// <summary>Returns (litiges): API.md, section Disputes.</summary>
public static class DisputeEndpoints
{
    public static void MapDisputeEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapGet("/dispute-reasons", ReasonsAsync).RequireAuthorization(Policies.Active).WithTags("Litiges").ProducesKeyErrors()
            .WithName("ListDisputeReasons").WithSummary("Motifs de contestation")
            .WithDescription("Les motifs proposés : WrongNumber, Unreachable, Duplicate, Fake, NoConsent, OutOfTarget, Intermediary, Other, "
                + "et ceux qu'un administrateur a ajoutés.");
        v1.MapPost("/purchases/{leadId:guid}/dispute", OpenAsync).RequireAuthorization(Policies.Broker).WithTags("Litiges").ProducesKeyErrors()
            .WithName("DisputePurchase").WithSummary("Contester un achat")
            .WithDescription("Demande le retour d'un lead acheté, dans le délai de contestation (Market:DisputeWindow, 7 jours par défaut), avec un motif "
                + "actif et un commentaire. Accepté par un administrateur, le prix payé revient en crédits. 404 si vous n'avez pas acheté ce lead, "
                + "409 s'il est déjà contesté, 422 passé le délai, 400 pour un motif inconnu.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        v1.MapGet("/disputes", ListAsync).RequireAuthorization(Policies.BrokerOrAdmin).WithTags("Litiges").ProducesKeyErrors()
            .WithName("ListDisputes").WithSummary("Litiges")
            .WithDescription("Vos contestations, des plus récentes aux plus anciennes, filtrées par statut (Open, Accepted, Refused) ; "
                + "avec une clé d'administrateur, celles de tous les courtiers. callAttempts : les appels que le courtier a notés pour ce lead "
                + "(preuve d'un retour « injoignable »).");
        v1.MapPost("/disputes/{id:guid}/files", AddFileAsync).RequireAuthorization(Policies.Active).WithTags("Litiges").ProducesKeyErrors()
            .WithName("AddDisputeFile").WithSummary("Joindre une pièce à un litige")
            .WithDescription("Le corps de la requête est le fichier (PDF, PNG ou JPEG, reconnu à son contenu ; Market:DisputeFileMaxBytes, 5 Mo par "
                + "défaut), son nom dans le paramètre name. Réservé au courtier et à l'apporteur du litige tant qu'il est ouvert, 5 pièces au plus. "
                + "400 pour un type ou une taille refusés, 404 si ce litige n'est pas le vôtre, 409 une fois tranché ou complet.")
            .Accepts<Stream>("*/*")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        v1.MapGet("/disputes/{id:guid}/files/{fileId:guid}", FileAsync).RequireAuthorization(Policies.Active).WithTags("Litiges").ProducesKeyErrors()
            .WithName("GetDisputeFile").WithSummary("Télécharger une pièce d'un litige")
            .WithDescription("Le fichier tel qu'il a été joint, pour le courtier et l'apporteur du litige et les administrateurs ; 404 pour tout autre compte.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream").ProducesProblem(StatusCodes.Status404NotFound);
        var admin = v1.MapGroup("/admin/disputes").RequireAuthorization(Policies.Admin).WithTags("Litiges (admin)").ProducesKeyErrors();
        admin.MapPost("/{id:guid}/accept", AcceptAsync).WithName("AcceptDispute").WithSummary("Accepter un litige")
            .WithDescription("Rend au courtier le prix payé, en crédits, une seule fois, et compte la vente comme retournée pour l'apporteur ; "
                + "note facultative, envoyée aux deux parties. 409 si le litige est déjà tranché, 404 s'il n'existe pas.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:guid}/refuse", RefuseAsync).WithName("RefuseDispute").WithSummary("Refuser un litige")
            .WithDescription("Refuse la contestation avec une note obligatoire, envoyée aux deux parties ; aucun crédit ne bouge. "
                + "409 si le litige est déjà tranché, 404 s'il n'existe pas.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<List<DisputeReasonResponse>>> ReasonsAsync(DisputeService disputes, CancellationToken ct) =>
        TypedResults.Ok((await disputes.ReasonsAsync(ct: ct)).Select(r => new DisputeReasonResponse(r.Code, r.Label)).ToList());

    private static async Task<Created<OpenedDisputeResponse>> OpenAsync(
        Guid leadId, DisputeRequest request, DisputeService disputes, ClaimsPrincipal user, CancellationToken ct)
    {
        var opened = await disputes.OpenAsync(user.RequiredAccountId(), leadId, request.Reason, request.Comment, ct);
        return TypedResults.Created($"/api/v1/disputes?status={opened.Status}", new OpenedDisputeResponse(opened.Id, opened.LeadId, opened.Status));
    }

    private static async Task<Ok<List<DisputeResponse>>> ListAsync(
        DisputeQueries queries, DisputeFiles files, Domain.Calling.CallAttempts calls, ClaimsPrincipal user, [FromQuery] DisputeStatus? status,
        CancellationToken ct)
    {
        var brokerId = user.IsInRole(Roles.Admin) ? (Guid?)null : user.RequiredAccountId();
        var disputes = await queries.ListAsync(brokerId, status, ct);
        var attached = await files.ListAsync([.. disputes.Select(d => d.Id)], ct);
        var evidence = await calls.EvidenceAsync([.. disputes.Select(d => (d.LeadId, d.BrokerId))], ct);
        return TypedResults.Ok(disputes.Select(d => new DisputeResponse(
            d.Id, d.LeadId, d.BrokerId, d.ProviderId, d.Reason, d.Comment, d.Status, d.DecisionNote, d.Refund, d.CreatedAt, d.DecidedAt,
            [.. attached[d.Id].Select(DisputeFileResponse.From)], evidence.GetValueOrDefault((d.LeadId, d.BrokerId))?.Attempts.Count ?? 0)).ToList());
    }

    private static async Task<Created<DisputeFileResponse>> AddFileAsync(
        Guid id, [FromQuery] string? name, HttpRequest request, DisputeFiles files, ClaimsPrincipal user, CancellationToken ct)
    {
        var file = await files.AddAsync(id, user.RequiredAccountId(), name, request.Body, ct);
        return TypedResults.Created($"/api/v1/disputes/{id}/files/{file.Id}", DisputeFileResponse.From(file));
    }

    private static async Task<FileContentHttpResult> FileAsync(Guid id, Guid fileId, DisputeFiles files, ClaimsPrincipal user, CancellationToken ct)
    {
        var file = await files.GetAsync(id, fileId, user.RequiredAccountId(), user.IsInRole(Roles.Admin), ct)
            ?? throw new NotFoundException("Pièce introuvable.");
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Ok<AcceptedDisputeResponse>> AcceptAsync(
        Guid id, DecisionRequest? request, DisputeService disputes, ClaimsPrincipal user, CancellationToken ct)
    {
        var decision = await disputes.AcceptAsync(id, user.RequiredAccountId(), request?.Note, ct);
        return TypedResults.Ok(new AcceptedDisputeResponse(decision.Id, decision.Status, decision.Refund!.Value));
    }

    private static async Task<Ok<RefusedDisputeResponse>> RefuseAsync(
        Guid id, DecisionRequest? request, DisputeService disputes, ClaimsPrincipal user, CancellationToken ct)
    {
        var decision = await disputes.RefuseAsync(id, user.RequiredAccountId(), request?.Note, ct);
        return TypedResults.Ok(new RefusedDisputeResponse(decision.Id, decision.Status));
    }
}
