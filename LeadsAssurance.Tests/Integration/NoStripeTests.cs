using System.Net;
using System.Text;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>Without Stripe keys: card payment is unavailable, the webhook refuses everything, the rest works.</summary>
public class NoStripeTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    [Fact]
    public async Task CardPaymentIsUnavailableAndTheWebhookRefuses()
    {
        var payments = app.Services.GetRequiredService<CardPayments>();
        var (broker, _) = await app.CreateAccountAsync("Broker", approve: true);

        var act = () => payments.StartTopUpAsync(broker, 50m, "https://app.exemple.fr");
        var webhook = await app.CreateApiClient(null).PostAsync("/webhooks/stripe", new StringContent("{}", Encoding.UTF8, "application/json"));

        payments.IsAvailable.Should().BeFalse();
        (await act.Should().ThrowAsync<CardPaymentUnavailableException>()).Which.Message.Should().Contain("n'est pas disponible");
        webhook.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
