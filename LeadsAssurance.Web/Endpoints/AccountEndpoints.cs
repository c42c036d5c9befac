using System.Security.Claims;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Web.Endpoints;

public sealed record CreateAccountRequest(string? Email, string? Password, string? Role, string? CompanyName, string? Siren, string? OriasNumber);
public sealed record AccountStatusResponse(Guid Id, AccountStatus Status);
public sealed record SuspendRequest(string? Reason);
public sealed record ApiKeyRequest(string? Name);
public sealed record ApiKeyResponse(string Key, Guid Id, string Name);
public sealed record CreditsRequest(decimal? Amount, string? Reference);
public sealed record BalanceResponse(decimal Balance);
public sealed record MeResponse(Guid Id, string Email, AccountRole Role, AccountStatus Status, string CompanyName, decimal Balance);

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder v1)
    {
        var admin = v1.MapGroup("/admin/accounts").RequireAuthorization(Policies.Admin).WithTags("Comptes (admin)").ProducesKeyErrors();
        admin.MapPost("/", CreateAsync).WithName("CreateAccount").WithSummary("Créer un compte apporteur ou courtier")
            .WithDescription("Crée un compte en attente d'approbation (statut Pending). Rôle « Provider » (apporteur) ou « Broker » (courtier) ; "
                + "le numéro ORIAS est attendu d'un courtier. 409 si un compte a déjà cet e-mail.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapPost("/{id:guid}/approve", ApproveAsync).WithName("ApproveAccount").WithSummary("Approuver un compte")
            .WithDescription("Rend le compte actif : il peut dès lors se connecter, envoyer ou acheter des leads.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/{id:guid}/suspend", SuspendAsync).WithName("SuspendAccount").WithSummary("Suspendre un compte")
            .WithDescription("Suspend le compte avec un motif facultatif : ses sessions et ses clés d'API sont refusées dès la requête suivante.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/{id:guid}/api-keys", CreateApiKeyAsync).WithName("CreateApiKey").WithSummary("Créer une clé d'API pour un compte")
            .WithDescription("Renvoie la clé en clair, une seule fois : seule son empreinte est conservée. À transmettre dans l'en-tête X-Api-Key.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        admin.MapPost("/{id:guid}/credits", TopUpAsync).WithName("TopUpCredits").WithSummary("Créditer un courtier (virement reçu)")
            .WithDescription("Ajoute un montant positif, en euros, au portefeuille du courtier avec la référence du virement ; renvoie le nouveau solde.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        // A pending account may read its status (it waits for approval); a suspended one gets 403 like everywhere (API.md).
        v1.MapGet("/me", GetMeAsync).RequireAuthorization(Policies.NotSuspended).WithTags("Comptes").ProducesKeyErrors()
            .WithName("GetMe").WithSummary("Mon compte")
            .WithDescription("Le compte de la clé d'API (ou de la session) : identité, rôle, statut, raison sociale et solde de crédits. Répond aussi à un compte en attente.");
    }

    private static async Task<Results<Created<AccountStatusResponse>, ValidationProblem>> CreateAsync(
        CreateAccountRequest request, AccountRegistration registration, ClaimsPrincipal user)
    {
        if (!Enum.TryParse<AccountRole>(request.Role, ignoreCase: true, out var role) || role == AccountRole.Admin)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["role"] = ["Le rôle doit être « Provider » (apporteur) ou « Broker » (courtier)."],
            }, title: "Données invalides.");
        var account = await registration.RegisterAsync(
            new NewAccount(request.Email ?? "", request.Password ?? "", role, request.CompanyName ?? "", request.Siren, request.OriasNumber),
            user.AccountId());
        return TypedResults.Created($"/api/v1/admin/accounts/{account.Id}", new AccountStatusResponse(account.Id, account.Status));
    }

    private static async Task<Ok<AccountStatusResponse>> ApproveAsync(Guid id, AccountAdministration accounts, ClaimsPrincipal user)
    {
        var account = await accounts.ApproveAsync(id, user.RequiredAccountId(), null);
        return TypedResults.Ok(new AccountStatusResponse(account.Id, account.Status));
    }

    private static async Task<Ok<AccountStatusResponse>> SuspendAsync(
        Guid id, SuspendRequest? request, AccountAdministration accounts, ClaimsPrincipal user)
    {
        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? "Suspendu par l'API d'administration." : request.Reason;
        var account = await accounts.SuspendAsync(id, user.RequiredAccountId(), reason);
        return TypedResults.Ok(new AccountStatusResponse(account.Id, account.Status));
    }

    private static async Task<Created<ApiKeyResponse>> CreateApiKeyAsync(
        Guid id, ApiKeyRequest? request, ApiKeyService keys, ClaimsPrincipal user)
    {
        var (summary, plain) = await keys.CreateAsync(id, request?.Name ?? "Clé d'API", user.RequiredAccountId());
        return TypedResults.Created($"/api/v1/admin/accounts/{id}/api-keys/{summary.Id}", new ApiKeyResponse(plain, summary.Id, summary.Name));
    }

    private static async Task<Results<Ok<BalanceResponse>, ValidationProblem>> TopUpAsync(
        Guid id, CreditsRequest request, Domain.Ledger.LedgerService ledger, ClaimsPrincipal user)
    {
        if (request.Amount is not { } amount)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["amount"] = ["Le montant est obligatoire."] }, title: "Données invalides.");
        var balance = await ledger.TopUpAsync(id, amount, request.Reference ?? "", user.RequiredAccountId());
        return TypedResults.Ok(new BalanceResponse(balance));
    }

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetMeAsync(
        ClaimsPrincipal principal, AppDbContext db)
    {
        if (principal.AccountId() is not { } id)
            return TypedResults.Unauthorized();
        var me = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new MeResponse(u.Id, u.Email!, u.Role, u.Status, u.CompanyName,
                db.CreditLedger.Where(e => e.AccountId == u.Id).Sum(e => (decimal?)e.Amount) ?? 0m))
            .SingleOrDefaultAsync();
        return me is null ? TypedResults.Unauthorized() : TypedResults.Ok(me);
    }
}
