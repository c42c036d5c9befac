using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LeadsAssurance.Domain.Flows.Webhooks;

public static class FlowWebhookServices
{
    /// <summary>The webhook sender (a hosted service on every node), its guarded HTTP client and its options.</summary>
    public static IServiceCollection AddFlowWebhooks(this IServiceCollection services, bool production)
    {
        services.AddOptions<FlowWebhookOptions>().BindConfiguration(FlowWebhookOptions.Section)
            .PostConfigure(o => o.AllowPrivateTargets ??= !production)
            .Validate(o => o.WebhookTimeout > TimeSpan.Zero && o.WebhookParallelism > 0 && o.WebhookPollInterval > TimeSpan.Zero
                && o.RetryDelays.All(d => d > TimeSpan.Zero), "Flows: webhook timeout, parallelism, poll interval and retry delays must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<FlowSecrets>();
        services.AddSingleton<WebhookTargetGuard>();
        services.AddHttpClient(FlowWebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = sp.GetRequiredService<WebhookTargetGuard>().ConnectAsync,
                AllowAutoRedirect = false, // a redirect could lead to an internal address: a 3xx is a failed call
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(10),
            });
        services.AddSingleton<FlowWebhookSender>();
        services.AddHostedService(sp => sp.GetRequiredService<FlowWebhookSender>());
        return services;
    }
}
