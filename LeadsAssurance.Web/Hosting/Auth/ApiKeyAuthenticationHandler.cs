using System.Security.Claims;
using System.Text.Encodings.Web;
using LeadsAssurance.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>
/// Authenticates API clients by the X-Api-Key header (or ?access_token= on the hub, for WebSocket clients).
/// Unknown or revoked key → 401; the key's account status is put in the principal for the policies (403).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    public static bool HasApiKey(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderName)
        || (request.Path.StartsWithSegments("/hubs") && request.Query.ContainsKey("access_token"));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? plain = Request.Headers[HeaderName];
        if (string.IsNullOrEmpty(plain) && Request.Path.StartsWithSegments("/hubs"))
            plain = Request.Query["access_token"];
        if (string.IsNullOrEmpty(plain))
            return AuthenticateResult.NoResult();

        var owner = await keys.AuthenticateAsync(plain, Context.RequestAborted);
        if (owner is null)
            return AuthenticateResult.Fail("Unknown or revoked API key.");

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, owner.AccountId.ToString()),
                new Claim(ClaimTypes.Name, owner.Email),
                new Claim(ClaimTypes.Email, owner.Email),
                new Claim(ClaimTypes.Role, owner.Role.ToString()),
                new Claim(AppClaims.Status, owner.Status.ToString()),
                new Claim(AppClaims.ApiKeyId, owner.KeyId.ToString()),
            ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Clé d'API absente, inconnue ou révoquée.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Accès refusé pour ce compte.");
}
