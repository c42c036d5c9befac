using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>A held lead paid by card is bought by Stripe's webhook: its provider's earning is written by that same transaction.</summary>
public class CardSaleEarningsTests(PaymentFactory app) : IClassFixture<PaymentFactory>
{
    [Fact]
    public async Task ALeadPaidByCardEarnsItsProviderOnceWhateverTheWebhookRepeats()
    {
        var (broker, _) = await app.BrokerAsync(credits: 5m);
        var lead = await app.LeadAsync();
        var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
        var payment = await app.Payments.StartHeldLeadAsync(broker, hold.ReservationId, "https://app.exemple.fr");

        await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment)));
        await app.DeliverAsync(FakeStripe.Event(app.SessionOf(payment)));

        (await app.Payments.GetAsync(broker, payment.Id))!.Outcome.Should().Be(CardPaymentOutcome.LeadBought);
        await using var db = app.CreateDbContext();
        var purchase = await db.Purchases.SingleAsync(p => p.LeadId == lead.Id);
        var line = (await db.ProviderEarnings.Where(e => e.ProviderId == lead.ProviderId).ToListAsync()).Should().ContainSingle().Subject;
        line.Kind.Should().Be(EarningKind.Sale);
        line.PurchaseId.Should().Be(purchase.Id);
        line.Gross.Should().Be(lead.Price);
        line.Amount.Should().Be(lead.Price - line.Commission);
    }
}
