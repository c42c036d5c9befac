using System.Net;
using System.Net.Http.Json;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Payments;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>A broker pays a held lead by card and, at the same moment, with credits a bank transfer just brought.</summary>
public class HeldLeadPaymentRaceTests(PaymentFactory app) : IClassFixture<PaymentFactory>
{
    [Fact]
    public async Task ACardWebhookRacingACreditsPaymentBuysTheLeadOnceAndKeepsTheCardMoneyAsCredits()
    {
        for (var round = 0; round < 6; round++)
        {
            var lead = await app.LeadAsync();
            var (broker, client) = await app.BrokerAsync(credits: 5m);
            var hold = await app.Services.GetRequiredService<MarketService>().ReserveAsync(lead.Id, broker);
            var payment = await app.Payments.StartHeldLeadAsync(broker, hold.ReservationId, "https://app.exemple.fr");
            await TestData.TopUpAsync(app.Services, broker, lead.Price);
            var webhookPayload = FakeStripe.Event(app.SessionOf(payment));
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            var webhook = Task.Run(async () => { await start.Task; return await app.DeliverAsync(webhookPayload); });
            var credits = Task.Run(async () =>
            {
                await start.Task;
                return await client.PostAsJsonAsync($"/api/v1/reservations/{hold.ReservationId}/pay", new { method = "credits" });
            });
            start.SetResult();
            var (webhookResponse, creditsResponse) = (await webhook, await credits);

            webhookResponse.StatusCode.Should().Be(HttpStatusCode.OK, $"round {round}: {await webhookResponse.Content.ReadAsStringAsync()}");
            creditsResponse.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.Gone],
                $"round {round}: the credits payment wins, or finds the lead already bought by card ({await creditsResponse.Content.ReadAsStringAsync()})");
            await using var db = app.CreateDbContext();
            (await db.Purchases.CountAsync(p => p.LeadId == lead.Id)).Should().Be(1, $"round {round}");
            (await db.Reservations.SingleAsync(r => r.Id == hold.ReservationId)).Status.Should().Be(ReservationStatus.Paid);
            var settled = await app.Payments.GetAsync(broker, payment.Id);
            settled!.Status.Should().Be(CardPaymentStatus.Paid);
            settled.Outcome.Should().Be(creditsResponse.StatusCode == HttpStatusCode.OK ? CardPaymentOutcome.CreditsKept : CardPaymentOutcome.LeadBought);
            // 5 € + the transfer + the card's part, less one price, whoever won.
            (await app.BalanceAsync(broker)).Should().Be(5m + lead.Price + payment.Amount - lead.Price);
            var (sum, last) = await TestData.LedgerAsync(db, broker);
            sum.Should().Be(last);
        }
    }
}
