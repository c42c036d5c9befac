using System.Net;
using System.Text;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Earnings;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Tests.Integration.Earnings;

/// <summary>
/// The admin's monthly payouts: what a month owes each provider, a bank transfer marked paid (once per reference,
/// audited, a debit of the provider's ledger), and the month as CSV. Each test moves its app's clock past the dispute window.
/// </summary>
public class PayoutTests
{
    private static readonly DateOnly November = new(2026, 11, 1);
    private static readonly DateOnly December = new(2026, 12, 1);

    [Fact]
    public async Task EarningsAreDueForTheMonthTheyWereReleasedAndATransferIsBookedOnceWithItsAuditEntry()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var admin = await world.AdminIdAsync();
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        var leads = await world.Disputes.BuyAsync(broker, 2);
        var provider = leads[0].ProviderId;
        var earned = (await world.LinesAsync(provider)).Sum(l => l.Amount);
        // Bought on 24/11 at 10:00 Paris: released on 01/12 at 10:00, so owed in December, not November.
        app.Clock.Advance(TimeSpan.FromDays(9));

        var november = (await world.Payouts.ForMonthAsync(November)).Single(r => r.ProviderId == provider);
        var december = (await world.Payouts.ForMonthAsync(December)).Single(r => r.ProviderId == provider);
        var first = await world.Payouts.MarkPaidAsync(provider, December, earned, " VIR-2026-12-001 ", admin);
        var again = await world.Payouts.MarkPaidAsync(provider, December, earned, "VIR-2026-12-001", admin);
        var other = () => world.Payouts.MarkPaidAsync(provider, December, earned, "VIR-2026-12-002", admin);

        november.Due.Should().Be(0m);
        december.Due.Should().Be(earned);
        first.Should().Be(new PayoutBooked(first.Id, provider, earned, "VIR-2026-12-001", AlreadyBooked: false));
        again.Should().Be(first with { AlreadyBooked = true });
        await other.Should().ThrowAsync<ConflictException>().WithMessage("Rien n'est dû à cet apporteur pour ce mois.");
        var lines = await world.LinesAsync(provider);
        lines.Select(l => l.Kind).Should().Equal(EarningKind.Sale, EarningKind.Sale, EarningKind.Payout);
        lines[2].Amount.Should().Be(-earned);
        lines[2].Period.Should().Be(December);
        (await world.Queries.PositionAsync(provider)).Should().Be(new EarningsPosition(0m, 0m, earned));
        var after = (await world.Payouts.ForMonthAsync(December)).Single(r => r.ProviderId == provider);
        after.Should().Be(december with { PaidOut = earned, Due = 0m, PaidForMonth = earned, References = "VIR-2026-12-001" });
        await using var db = app.CreateDbContext();
        (await db.AuditLog.Where(a => a.Action == "payout.paid").ToListAsync()).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { ActorId = admin, Subject = $"account:{provider}", Details = $"{earned:0.00} € pour 12/2026 (virement VIR-2026-12-001)" });
    }

    [Fact]
    public async Task AnAmountNoLongerDueOrAMissingReferenceBooksNothing()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var admin = await world.AdminIdAsync();
        var (_, broker, _) = await world.Disputes.BrokerAsync();
        var lead = (await world.Disputes.BuyAsync(broker))[0];
        var earned = (await world.LinesAsync(lead.ProviderId)).Single().Amount;
        app.Clock.Advance(TimeSpan.FromDays(8));

        var stale = () => world.Payouts.MarkPaidAsync(lead.ProviderId, December, earned + 1m, "VIR-X", admin);
        var noReference = () => world.Payouts.MarkPaidAsync(lead.ProviderId, December, earned, "  ", admin);
        var future = () => world.Payouts.MarkPaidAsync(lead.ProviderId, December.AddMonths(1), earned, "VIR-Y", admin);

        await stale.Should().ThrowAsync<ConflictException>().WithMessage("Le montant dû est maintenant de *");
        await noReference.Should().ThrowAsync<ValidationFailedException>();
        await future.Should().ThrowAsync<ValidationFailedException>().WithMessage("Ce mois n'a pas encore commencé.");
        (await world.LinesAsync(lead.ProviderId)).Should().ContainSingle();
    }

    [Fact]
    public async Task TheAdminDownloadsTheMonthsPayoutsAsCsvAndNoOtherRoleCan()
    {
        await using var app = await AppFactory.StartAsync<MarketFactory>();
        var world = new EarningsWorld(app);
        var (_, broker, brokerKey) = await world.Disputes.BrokerAsync();
        var lead = (await world.Disputes.BuyAsync(broker))[0];
        var earned = (await world.LinesAsync(lead.ProviderId)).Single().Amount;
        app.Clock.Advance(TimeSpan.FromDays(8));
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);

        var response = await (await app.CreateCookieClientAsync(AppFactory.AdminEmail, AppFactory.AdminPassword)).GetAsync("/admin/payouts.csv?year=2026&month=12");
        var asBroker = await app.CreateApiClient(brokerKey).GetAsync("/admin/payouts.csv?year=2026&month=12");
        var asProvider = await app.CreateApiClient(providerKey).GetAsync("/admin/payouts.csv?year=2026&month=12");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("versements-apporteurs-2026-12.csv");
        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync()).AsSpan(3)).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("Apporteur;E-mail;Identifiant;Mois;Gains libérés (€);Déjà versé (€);À verser (€);Versé pour le mois (€);Références des virements");
        var euros = earned.ToString("0.00", France.Culture);
        lines.Should().Contain(l => l.Contains($";{lead.ProviderId};12/2026;{euros};0,00;{euros};0,00;"));
        asBroker.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        asProvider.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}
