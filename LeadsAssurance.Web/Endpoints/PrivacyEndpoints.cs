using System.Security.Claims;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadsAssurance.Web.Endpoints;

public sealed record ErasureRequest(string? Phone, string? Email);
public sealed record ErasureResponse(int Leads, int BuyersNotified);

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
    }

    private static async Task<Ok<ErasureResponse>> EraseAsync(ErasureRequest request, ErasureService erasures, ClaimsPrincipal user)
    {
        var result = await erasures.EraseAsync(request.Phone, request.Email, ErasureRequesters.Admin, user.AccountId());
        return TypedResults.Ok(new ErasureResponse(result.Leads, result.BuyersNotified));
    }
}
