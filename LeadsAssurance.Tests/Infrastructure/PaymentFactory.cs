using System.Text;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Payments;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>The app with a test clock and Stripe pointed at a local <see cref="FakeStripe"/>, and what card tests do with it.</summary>
public sealed class PaymentFactory : AppFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public FakeStripe Stripe { get; private set; } = null!;

    public CardPayments Payments => Services.GetRequiredService<CardPayments>();

    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Stripe:SecretKey", FakeStripe.SecretKey);
        builder.UseSetting("Stripe:WebhookSecret", FakeStripe.WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", Stripe.BaseUrl);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>An approved broker with <paramref name="credits"/> booked by bank transfer, and his API client.</summary>
    public async Task<(Guid Id, HttpClient Client)> BrokerAsync(decimal credits = 0)
    {
        var (id, key) = await CreateAccountAsync("Broker", approve: true);
        if (credits > 0)
            await TestData.TopUpAsync(Services, id, credits);
        return (id, CreateApiClient(key));
    }

    /// <summary>A lead on sale (Crédit immobilier, exclusive) from a new provider.</summary>
    public async Task<Lead> LeadAsync()
    {
        await using var db = CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, Clock.GetUtcNow()))[0];
        return (await TestData.AddLeadsAsync(db, provider, 1, Clock.GetUtcNow(), "CREDIT_IMMO"))[0];
    }

    /// <summary>Posts a Stripe event to the webhook, signed as Stripe signs it (now, with the endpoint's secret, unless told otherwise).</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string payload, DateTimeOffset? signedAt = null, string? secret = null)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = content };
        request.Headers.Add("Stripe-Signature", FakeStripe.Sign(payload, signedAt ?? Clock.GetUtcNow(), secret ?? FakeStripe.WebhookSecret));
        return await CreateApiClient(null).SendAsync(request);
    }

    public FakeStripe.FakeSession SessionOf(CardPayment payment) => Stripe.Sessions.Single(s => s.Id == payment.CheckoutSessionId);

    public Task<decimal> BalanceAsync(Guid broker) => Services.GetRequiredService<LedgerService>().GetBalanceAsync(broker);
}
