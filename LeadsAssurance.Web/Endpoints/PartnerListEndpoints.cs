using System.Security.Claims;
using LeadsAssurance.Domain.Partners;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

public sealed record PartnerListRequest(string? Name, string? Url, string? Snapshot, IReadOnlyList<string>? Names);
public sealed record PartnerListResponse(Guid Id, string Name, int Version, string Url, string Sha256, IReadOnlyList<string> Names, DateTimeOffset PublishedAt);

public static class PartnerListEndpoints
{
    public static void MapPartnerListEndpoints(this RouteGroupBuilder v1)
    {
        var provider = v1.MapGroup("/partner-lists").RequireAuthorization(Policies.Provider).WithTags("Listes de partenaires (apporteur)").ProducesKeyErrors();
        provider.MapGet("", ListAsync).WithName("ListPartnerLists").WithSummary("Mes listes de partenaires")
            .WithDescription("Vos listes de partenaires publiées, chacune avec sa dernière version (adresse, SHA-256 de la page, partenaires nommés).");
        provider.MapPost("", CreateAsync).WithName("CreatePartnerList").WithSummary("Publier une liste de partenaires")
            .WithDescription("Publie la page « nos partenaires » de vos formulaires : son adresse, son contenu HTML tel que publié (512 Ko au plus, "
                + "scellé par son SHA-256) et les partenaires qu'elle nomme. Un lead envoyé avec consent.partnerListId nomme alors ces partenaires "
                + "et sa preuve de consentement scelle cette version.")
            .Produces<PartnerListResponse>(StatusCodes.Status201Created).ProducesValidationProblem();
        provider.MapPost("/{id:guid}/versions", PublishAsync).WithName("PublishPartnerListVersion").WithSummary("Publier une nouvelle version")
            .WithDescription("Une nouvelle version de la liste (la page a changé) : les leads suivants la nomment ; les précédents gardent la leur. "
                + "404 si la liste n'est pas la vôtre.")
            .Produces<PartnerListResponse>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<List<PartnerListResponse>>> ListAsync(PartnerLists lists, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok((await lists.ListAsync(user.RequiredAccountId(), ct)).Select(ToResponse).ToList());

    private static async Task<Created<PartnerListResponse>> CreateAsync(PartnerListRequest request, PartnerLists lists, ClaimsPrincipal user, CancellationToken ct)
    {
        var view = await lists.PublishAsync(user.RequiredAccountId(), null, new PartnerListInput(request.Name, request.Url, request.Snapshot, request.Names), ct);
        return TypedResults.Created($"/api/v1/partner-lists/{view.Id}", ToResponse(view));
    }

    private static async Task<Created<PartnerListResponse>> PublishAsync(Guid id, PartnerListRequest request, PartnerLists lists, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var view = await lists.PublishAsync(user.RequiredAccountId(), id, new PartnerListInput(request.Name, request.Url, request.Snapshot, request.Names), ct);
        return TypedResults.Created($"/api/v1/partner-lists/{view.Id}", ToResponse(view));
    }

    private static PartnerListResponse ToResponse(PartnerListView v) => new(v.Id, v.Name, v.Version, v.Url, v.Sha256, v.Names, v.PublishedAt);
}
