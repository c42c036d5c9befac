using System.Security.Claims;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

public sealed record ErasureRequest(string? Phone, string? Email);
public sealed record ErasureResponse(int Leads, int BuyersNotified);
public sealed record SuppressionRequest(IReadOnlyList<string>? Phones, IReadOnlyList<string>? Emails);
public sealed record SuppressionResponse(int Added);

public static class PrivacyEndpoints
{
    public static void MapPrivacyEndpoints(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin").RequireAuthorization(Policies.Admin).WithTags("Données personnelles (admin)").ProducesKeyErrors();
        admin.MapPost("/erasures", EraseAsync).WithName("ErasePerson").WithSummary("Effacer une personne (RGPD art. 17)")
            .WithDescription("Efface le nom, le prénom, le téléphone, l'e-mail et la ville de tous les leads de la personne désignée par "
                + "son téléphone ou son e-mail ; ses preuves de consentement restent vérifiables et ses acheteurs sont informés (art. 19). "
                + "Renvoie le nombre de leads effacés et d'acheteurs informés.")
            .ProducesValidationProblem();
        admin.MapPost("/suppressions", SuppressAsync).WithName("AddSuppressions").WithSummary("Ajouter des contacts à la liste d'opposition")
            .WithDescription("Ajoute des téléphones et des e-mails à la liste d'opposition au démarchage (conservés sous forme d'empreintes "
                + "HMAC, jamais en clair). Ces contacts sont refusés à l'import (erreur « opposition ») et les leads en vente qui les portent "
                + "sont retirés. Tout ou rien : une valeur invalide renvoie 400 sans rien ajouter. Renvoie le nombre de contacts nouveaux.")
            .ProducesValidationProblem();
    }

    private static async Task<Ok<SuppressionResponse>> SuppressAsync(SuppressionRequest request, Domain.Privacy.Opposition.OppositionLists lists,
        ClaimsPrincipal user)
    {
        var result = await lists.AddAsync(request.Phones, request.Emails, user.AccountId());
        return TypedResults.Ok(new SuppressionResponse(result.Added));
    }

    private static async Task<Ok<ErasureResponse>> EraseAsync(ErasureRequest request, ErasureService erasures, ClaimsPrincipal user)
    {
        var result = await erasures.EraseAsync(request.Phone, request.Email, ErasureRequesters.Admin, user.AccountId());
        return TypedResults.Ok(new ErasureResponse(result.Leads, result.BuyersNotified));
    }
}
