using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Privacy;

/// <summary>Issue 14.2: identities are purged when the retention rule says so, in batches, and the proofs stay verifiable.</summary>
public class RetentionTests
{
    [Fact]
    public async Task UnsoldLeadsArePurgedOnceTheirConsentIsUnusableAndSoldOnesThreeYearsAfterTheirSale()
    {
        await using var app = await AppFactory.StartAsync(new MarketFactory { Settings = { ["Privacy:RetentionBatchSize"] = "2" } });
        var now = app.Clock.GetUtcNow();
        var (brokerId, _) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 500m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var unsold = await TestData.AddLeadsAsync(db, provider, 5, now);
        var legacy = await LegacyConsents.AddAsync(db, provider, now,
            new LeadsAssurance.Domain.Leads.LeadContact("Luc-Henri", "Bertin-Lacroix", "+33613572468", "luc.bertin@exemple.fr", "69003", "Lyon"));
        var sold = (await TestData.AddLeadsAsync(db, provider, 1, now, "ASSURANCE_AUTO"))[0];
        var market = app.Services.GetRequiredService<MarketService>();
        await market.PayWithCreditsAsync((await market.ReserveAsync(sold.Id, brokerId)).ReservationId, brokerId);
        var retention = app.Services.GetRequiredService<PersonalDataRetention>();

        var early = await retention.PurgeAsync();
        app.Clock.Advance(TimeSpan.FromDays(30));
        var afterConsent = await retention.PurgeAsync();
        var again = await retention.PurgeAsync();
        app.Clock.Advance(TimeSpan.FromDays(3 * 365));
        var afterSale = await retention.PurgeAsync();

        early.Should().Be(new RetentionResult(0, 0, 0));
        afterConsent.Should().Be(new RetentionResult(6, 0, 3), "six unsold leads, two per batch");
        again.Should().Be(new RetentionResult(0, 0, 0));
        afterSale.Should().Be(new RetentionResult(0, 1, 1));
        var ids = unsold.Select(l => l.Id).Append(legacy.Id).Append(sold.Id).ToList();
        (await db.Leads.AsNoTracking().Where(l => ids.Contains(l.Id)).ToListAsync()).Should().HaveCount(7)
            .And.OnlyContain(l => l.ErasedAt != null && l.Phone == "" && l.IdentitySalt == null);
        (await db.IdentityErasures.Where(e => ids.Contains(e.LeadId)).Select(e => e.RequestedBy).Distinct().ToListAsync())
            .Should().Equal(ErasureRequesters.Retention);
        var report = await app.Services.GetRequiredService<ConsentVerifier>().VerifyChainAsync();
        report.Valid.Should().BeTrue(report.Problem);
    }
}
