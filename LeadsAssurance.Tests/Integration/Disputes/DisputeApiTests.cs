using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Disputes;

/// <summary>Returns through the public API (API.md, Disputes): who may dispute what, when, and what an admin's decision does to the money.</summary>
public class DisputeApiTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private readonly DisputeWorld _world = new(app);

    [Fact]
    public async Task TheEightDefaultReasonsAreListedWithTheirFrenchLabels()
    {
        var (_, broker, _) = await _world.BrokerAsync();

        var reasons = await broker.GetFromJsonAsync<JsonElement>("/api/v1/dispute-reasons");

        reasons.EnumerateArray().Select(r => r.GetProperty("code").GetString()).Should().Contain(
            ["WrongNumber", "Unreachable", "Duplicate", "Fake", "NoConsent", "OutOfTarget", "Intermediary", "Other"]);
        reasons.EnumerateArray().Single(r => r.GetProperty("code").GetString() == "WrongNumber").GetProperty("label").GetString()
            .Should().Be("Faux numéro / numéro non attribué");
    }

    [Fact]
    public async Task ABrokerDisputesHisPurchaseAndFindsItOpenInHisDisputes()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];

        var response = await DisputeWorld.DisputeAsync(broker, lead.Id, "Unreachable", "Appelé le 24/11 à 10 h, 14 h et 18 h.");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var mine = await broker.GetFromJsonAsync<JsonElement>("/api/v1/disputes?status=Open");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        body.GetProperty("leadId").GetGuid().Should().Be(lead.Id);
        body.GetProperty("status").GetString().Should().Be("Open");
        var listed = mine.EnumerateArray().Should().ContainSingle().Subject;
        listed.GetProperty("id").GetGuid().Should().Be(body.GetProperty("id").GetGuid());
        listed.GetProperty("brokerId").GetGuid().Should().Be(brokerId);
        listed.GetProperty("providerId").GetGuid().Should().Be(lead.ProviderId);
        listed.GetProperty("reason").GetString().Should().Be("Unreachable");
        listed.GetProperty("comment").GetString().Should().Be("Appelé le 24/11 à 10 h, 14 h et 18 h.");
        listed.GetProperty("refund").ValueKind.Should().Be(JsonValueKind.Null);
        (await broker.GetFromJsonAsync<JsonElement>("/api/v1/disputes?status=Accepted")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ASecondDisputeOnTheSamePurchaseIsAConflict()
    {
        var (_, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];
        await DisputeWorld.OpenAsync(broker, lead.Id);

        var again = await DisputeWorld.DisputeAsync(broker, lead.Id, "Duplicate");

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Cet achat est déjà contesté.");
    }

    [Fact]
    public async Task AnotherBrokersPurchaseIsNotFoundAndAProviderKeyIsForbidden()
    {
        var (_, owner, _) = await _world.BrokerAsync();
        var (_, other, _) = await _world.BrokerAsync();
        var provider = app.CreateApiClient((await app.CreateAccountAsync("Provider", approve: true)).ApiKey);
        var lead = (await _world.BuyAsync(owner))[0];

        var byOther = await DisputeWorld.DisputeAsync(other, lead.Id);
        var byProvider = await DisputeWorld.DisputeAsync(provider, lead.Id);
        var unknown = await DisputeWorld.DisputeAsync(owner, Guid.NewGuid());

        byOther.StatusCode.Should().Be(HttpStatusCode.NotFound);
        byProvider.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.GetFromJsonAsync<JsonElement>("/api/v1/disputes")).GetArrayLength().Should().Be(0);
        (await provider.GetAsync("/api/v1/disputes")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnUnknownReasonIsRefusedWithItsFieldInFrench()
    {
        var (_, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];

        var response = await DisputeWorld.DisputeAsync(broker, lead.Id, "NotAReason");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("reason")[0].GetString()
            .Should().Be("Motif de contestation inconnu : « NotAReason ».");
    }

    [Fact]
    public async Task AcceptingRefundsThePricePaidOnceEvenWhenSentFiveTimesAtOnce()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync(500m);
        var lead = (await _world.BuyAsync(broker))[0];
        var id = await DisputeWorld.OpenAsync(broker, lead.Id);
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(500m - lead.Price);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ =>
            _world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{id}/accept", new { note = "Numéro vérifié : non attribué." })));

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(4);
        var accepted = await responses.Single(r => r.IsSuccessStatusCode).Content.ReadFromJsonAsync<JsonElement>();
        accepted.GetProperty("status").GetString().Should().Be("Accepted");
        accepted.GetProperty("refund").GetDecimal().Should().Be(lead.Price);
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(500m);
        await using var db = app.CreateDbContext();
        (await db.CreditLedger.CountAsync(e => e.AccountId == brokerId && e.Kind == LedgerEntryKind.Refund)).Should().Be(1);
        var (sum, last) = await TestData.LedgerAsync(db, brokerId);
        sum.Should().Be(last).And.Be(500m);
        (await db.Purchases.SingleAsync(p => p.LeadId == lead.Id)).ReturnedAt.Should().Be(app.Clock.GetUtcNow());
        var listed = (await broker.GetFromJsonAsync<JsonElement>("/api/v1/disputes"))[0];
        listed.GetProperty("status").GetString().Should().Be("Accepted");
        listed.GetProperty("decisionNote").GetString().Should().Be("Numéro vérifié : non attribué.");
        listed.GetProperty("refund").GetDecimal().Should().Be(lead.Price);
    }

    [Fact]
    public async Task BothPartiesAreToldTheDecisionByEmailWithItsNote()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];
        var id = await DisputeWorld.OpenAsync(broker, lead.Id);

        (await _world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{id}/refuse", new { note = "Le lead a répondu à notre appel." })).EnsureSuccessStatusCode();

        await using var db = app.CreateDbContext();
        var parties = await db.Users.Where(u => u.Id == brokerId || u.Id == lead.ProviderId).Select(u => u.Email).ToListAsync();
        var queued = await db.OutboundEmails.Where(e => parties.Contains(e.Recipient)
            && (e.Template == EmailTemplate.DisputeDecidedForBroker || e.Template == EmailTemplate.DisputeDecidedForProvider)).ToListAsync();
        queued.Select(e => e.Template).Should().BeEquivalentTo([EmailTemplate.DisputeDecidedForBroker, EmailTemplate.DisputeDecidedForProvider]);
        // This app's clock stands still, and Quartz runs on it: the test sends as the job would.
        await app.Services.GetRequiredService<QueuedEmailSender>().SendDueAsync();
        foreach (var email in queued)
        {
            var message = await MimeKit.MimeMessage.LoadAsync(Path.Combine(app.MailFolder, $"{email.Id}.eml"));
            message.Subject.Should().Be(email.Template == EmailTemplate.DisputeDecidedForBroker ? "Contestation refusée" : "Contestation d'un lead vendu refusée");
            message.TextBody.Should().Contain("Note de l'équipe : Le lead a répondu à notre appel.");
        }
    }

    [Fact]
    public async Task RefusingNeedsANoteMovesNoMoneyAndADecidedDisputeIsAConflict()
    {
        var (brokerId, broker, _) = await _world.BrokerAsync(500m);
        var lead = (await _world.BuyAsync(broker))[0];
        var id = await DisputeWorld.OpenAsync(broker, lead.Id);

        var noNote = await _world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{id}/refuse", new { note = " " });
        var refused = await _world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{id}/refuse", new { note = "Appel abouti le 25/11." });
        var acceptAfter = await _world.Admin.PostAsJsonAsync($"/api/v1/admin/disputes/{id}/accept", new { });

        noNote.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noNote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("note")[0].GetString().Should().StartWith("Indiquez le motif du refus");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Refused");
        acceptAfter.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await DisputeWorld.BalanceAsync(broker)).Should().Be(500m - lead.Price);
        await using var db = app.CreateDbContext();
        (await db.CreditLedger.CountAsync(e => e.AccountId == brokerId && e.Kind == LedgerEntryKind.Refund)).Should().Be(0);
        (await db.Purchases.SingleAsync(p => p.LeadId == lead.Id)).ReturnedAt.Should().BeNull();
    }

    [Fact]
    public async Task DisputesBeyondTheBrokersReturnRateCapAreFlaggedForTheAdmin()
    {
        var (_, broker, _) = await _world.BrokerAsync(1000m);
        var leads = await _world.BuyAsync(broker, 5);

        var withinCap = await DisputeWorld.OpenAsync(broker, leads[0].Id);
        var beyondCap = await DisputeWorld.OpenAsync(broker, leads[1].Id);

        await using var db = app.CreateDbContext();
        (await db.Disputes.SingleAsync(d => d.Id == withinCap)).NeedsAttention.Should().BeFalse("1 dispute for 5 purchases is 20 %, the cap");
        (await db.Disputes.SingleAsync(d => d.Id == beyondCap)).NeedsAttention.Should().BeTrue("2 for 5 is 40 %");
    }

    [Fact]
    public async Task AnAdminKeyListsEveryBrokersDisputes()
    {
        var (_, a, _) = await _world.BrokerAsync();
        var (_, b, _) = await _world.BrokerAsync();
        var ids = new[] { await DisputeWorld.OpenAsync(a, (await _world.BuyAsync(a))[0].Id), await DisputeWorld.OpenAsync(b, (await _world.BuyAsync(b))[0].Id) };

        var all = await _world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/disputes");

        all.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()).Should().Contain(ids);
    }

    [Fact]
    public async Task AReasonTheAdminAddsIsOfferedUntilHeWithdrawsItAndTheDefaultsAlwaysStay()
    {
        var (_, broker, _) = await _world.BrokerAsync();
        var lead = (await _world.BuyAsync(broker))[0];
        var disputes = app.Services.GetRequiredService<LeadsAssurance.Domain.Disputes.DisputeService>();
        var admin = (await _world.Admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        var code = $"Mineur{Guid.NewGuid():N}"[..20];

        await disputes.AddReasonAsync(code, "Prospect mineur", admin);
        var offered = await broker.GetFromJsonAsync<JsonElement>("/api/v1/dispute-reasons");
        await disputes.SetReasonActiveAsync(code, false, admin);
        var afterWithdrawal = await broker.GetFromJsonAsync<JsonElement>("/api/v1/dispute-reasons");
        var withdrawDefault = () => disputes.SetReasonActiveAsync("Other", false, admin);

        offered.EnumerateArray().Should().Contain(r => r.GetProperty("code").GetString() == code && r.GetProperty("label").GetString() == "Prospect mineur");
        afterWithdrawal.EnumerateArray().Should().NotContain(r => r.GetProperty("code").GetString() == code);
        (await DisputeWorld.DisputeAsync(broker, lead.Id, code)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await withdrawDefault.Should().ThrowAsync<LeadsAssurance.Domain.DomainException>();
        (await broker.GetFromJsonAsync<JsonElement>("/api/v1/dispute-reasons")).GetArrayLength().Should().Be(8);
    }
}
