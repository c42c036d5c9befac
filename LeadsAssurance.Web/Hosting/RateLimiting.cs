using System.Threading.RateLimiting;
using LeadsAssurance.Web.Endpoints;
using LeadsAssurance.Web.Hosting.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace LeadsAssurance.Web.Hosting;

/// <summary>
/// Per-account token bucket on the provider API (RateLimits:ProviderApi:PermitsPerMinute, default 600, and :Burst,
/// default 100). Beyond it: 429 with Retry-After and a ProblemDetails.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("RateLimits:ProviderApi:PermitsPerMinute", 600);
        var burst = configuration.GetValue("RateLimits:ProviderApi:Burst", 100);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(LeadEndpoints.RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.AccountId()?.ToString() ?? http.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, burst),
                    TokensPerPeriod = Math.Max(1, perMinute / 60),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Trop de requêtes",
                    Detail = $"Limite de {perMinute} requêtes par minute pour cette clé atteinte ; réessayez dans {seconds} s.",
                }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
            };
        });
        return services;
    }
}
