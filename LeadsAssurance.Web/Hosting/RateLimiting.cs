using System.Globalization;
using System.Threading.RateLimiting;
using LeadsAssurance.Web.Endpoints;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Request budgets (<see cref="RateLimitOptions"/>): a token bucket per account on the provider API, and fixed windows
/// per client address on what an anonymous client can hammer (the account forms, consent checks). Unknown API keys
/// are counted during authentication (<see cref="UnknownApiKeyLimiter"/>). Past a budget: 429 with Retry-After, as
/// ProblemDetails on the API and as a short French page elsewhere.
/// </summary>
public static class RateLimiting
{
    public const string Login = "login";
    public const string Registration = "registration";
    public const string ForgotPassword = "forgot-password";
    public const string ConsentChecks = "consent-checks";
    public const string PrivacyRequests = "privacy-requests";

    /// <summary>Page routes, as their @page writes them → their policy (account forms: posts only; /verify: every request).</summary>
    private static readonly Dictionary<string, string> PagePolicies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/Account/Login"] = Login,
        ["/Account/LoginWith2fa"] = Login,
        ["/Account/LoginWithRecoveryCode"] = Login,
        ["/Account/Register"] = Registration,
        ["/Account/ForgotPassword"] = ForgotPassword,
        ["/Account/ResendEmailConfirmation"] = ForgotPassword,
        ["/verify/{ProofHash}"] = ConsentChecks,
        ["/privacy"] = PrivacyRequests,
    };

    public static IServiceCollection AddAppRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.ProviderApi is { PermitsPerMinute: >= 1, Burst: >= 1 }, "RateLimits:ProviderApi:PermitsPerMinute and :Burst must be at least 1.")
            .Validate(o => o.Windows().All(w => w.Limit.PermitLimit >= 1 && w.Limit.Window > TimeSpan.Zero),
                "Each RateLimits:<Name>:PermitLimit must be at least 1 and each :Window longer than zero.")
            .ValidateOnStart();
        services.AddSingleton<UnknownApiKeyLimiter>();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(LeadEndpoints.RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.AccountId()?.ToString() ?? ClientAddress.Of(http), _ =>
                {
                    var limit = Options(http).ProviderApi;
                    return new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limit.Burst,
                        TokensPerPeriod = Math.Max(1, limit.PermitsPerMinute / 60),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    };
                }));
            o.AddPolicy(Login, http => FormPosts(http, l => l.Login));
            o.AddPolicy(Registration, http => FormPosts(http, l => l.Registration));
            o.AddPolicy(ForgotPassword, http => FormPosts(http, l => l.ForgotPassword));
            o.AddPolicy(PrivacyRequests, http => FormPosts(http, l => l.PrivacyRequests));
            o.AddPolicy(ConsentChecks, http => RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(http),
                _ => Options(http).ConsentChecks.ToLimiterOptions()));
            o.OnRejected = (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var policy = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                return new ValueTask(RejectAsync(context.HttpContext, wait, policy, ct));
            };
        });
        return services;
    }

    /// <summary>Puts the page policies on the account forms and the /verify page (statically rendered Razor components).</summary>
    public static RazorComponentsEndpointConventionBuilder WithPageRateLimits(this RazorComponentsEndpointConventionBuilder pages)
    {
        pages.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && PagePolicies.TryGetValue(route, out var policy))
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(policy));
        });
        return pages;
    }

    /// <summary>Answers 429 with Retry-After: ProblemDetails on the API, a French page elsewhere.</summary>
    public static async Task RejectAsync(HttpContext http, TimeSpan retryAfter, string? policy, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var detail = $"{Reason(http, policy)} Réessayez dans {(seconds < 120 ? $"{seconds} s" : $"{(seconds + 59) / 60} min")}.";
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (ApiProblems.IsApiRequest(http.Request))
        {
            await ApiProblems.WriteAsync(http, new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Trop de requêtes", Detail = detail });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        // The detail is our own text (no request data), so it goes into the page as is.
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>Trop de tentatives</title></head>
            <body style="font-family:sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem">
            <h1>Trop de tentatives</h1>
            <p>{detail}</p>
            <p><a href="/">Retour à l'accueil</a></p>
            </body></html>
            """, ct);
    }

    private static string Reason(HttpContext http, string? policy) => policy switch
    {
        LeadEndpoints.RateLimitPolicy => $"Limite de {Options(http).ProviderApi.PermitsPerMinute} requêtes par minute atteinte pour ce compte.",
        Login => "Trop de tentatives de connexion depuis votre adresse.",
        Registration => "Trop d'inscriptions depuis votre adresse.",
        ForgotPassword => "Trop de demandes d'e-mail depuis votre adresse.",
        PrivacyRequests => "Trop de demandes ou de codes depuis votre adresse.",
        ConsentChecks => "Trop de vérifications de consentement depuis votre adresse.",
        UnknownApiKeyLimiter.Policy => "Trop de clés d'API inconnues ou révoquées depuis votre adresse.",
        _ => "Trop de requêtes.",
    };

    private static RateLimitPartition<string> FormPosts(HttpContext http, Func<RateLimitOptions, RateLimitOptions.WindowLimit> limit) =>
        HttpMethods.IsPost(http.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress.Of(http), _ => limit(Options(http)).ToLimiterOptions())
            : RateLimitPartition.GetNoLimiter("");

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
}
