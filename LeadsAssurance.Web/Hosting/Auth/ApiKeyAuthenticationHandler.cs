using System.Security.Claims;
using System.Text.Encodings.Web;
using LeadsAssurance.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Hosting.Auth;

/// <summary>
/// Authenticates API clients by the X-Api-Key header (or ?access_token= on the hub, for WebSocket clients).
/// Unknown or revoked key → 401, and past RateLimits:UnknownApiKeys from one address → 429 without a lookup; the
/// key's account status is put in the principal for the policies (403).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys,
    UnknownApiKeyLimiter unknownKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string RetryAfterItem = "la:unknown-api-keys:retry-after";

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

        var client = ClientAddress.Of(Context);
        if (unknownKeys.WaitBeforeTrying(client) is { } wait)
            return TooManyUnknownKeys(wait);
        var owner = await keys.AuthenticateAsync(plain, Context.RequestAborted);
        if (owner is null)
            return unknownKeys.CountUnknownKey(client) is { } now ? TooManyUnknownKeys(now) : AuthenticateResult.Fail("Unknown or revoked API key.");

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
        Context.Items[RetryAfterItem] is TimeSpan wait
            ? RateLimiting.RejectAsync(Context, wait, UnknownApiKeyLimiter.Policy, Context.RequestAborted)
            : ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Clé d'API absente, inconnue ou révoquée.");

    /// <summary>The request stays unauthenticated; the challenge that follows answers 429 instead of 401.</summary>
    private AuthenticateResult TooManyUnknownKeys(TimeSpan wait)
    {
        Context.Items[RetryAfterItem] = wait;
        return AuthenticateResult.Fail("Too many unknown API keys from this address.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Accès refusé pour ce compte.");
}
