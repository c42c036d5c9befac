using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Privacy;

/// <summary>The public page's requests: an e-mail address proven by a one-time code, a phone alone confirmed by an admin.</summary>
public partial class PrivacyRequestTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private PrivacyRequests Requests => app.Services.GetRequiredService<PrivacyRequests>();

    private async Task<(Lead Lead, LeadContact Person)> PersonWithALeadAsync(string tag)
    {
        var now = app.Clock.GetUtcNow();
        var person = new LeadContact("Anne-Sophie", "Perrin-Blanchard", "+3361" + Random.Shared.Next(1_000_000, 9_999_999),
            $"{tag}.{Guid.NewGuid():N}@exemple.fr", "69003", "Lyon");
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        return ((await TestData.AddLeadsAsync(db, provider, 1, now, contact: person))[0], person);
    }

    private async Task<List<OutboundEmail>> MailAsync(string recipient, EmailTemplate template)
    {
        await using var db = app.CreateDbContext();
        return await db.OutboundEmails.Where(e => e.Recipient == recipient && e.Template == template).OrderBy(e => e.CreatedAt).ToListAsync();
    }

    private Task<string> CodeInAsync(OutboundEmail email) => CodeInAsync(app, email);

    private static async Task<string> CodeInAsync(AppFactory factory, OutboundEmail email) =>
        SixDigits().Match(await SentMail.TextAsync(factory, email.Id)).Value;

    [GeneratedRegex(@"\b[0-9]{6}\b")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task AnErasureByEmailIsDoneOnlyWithTheCodeSentToThatAddress()
    {
        var (lead, person) = await PersonWithALeadAsync("erase");

        var id = await Requests.StartAsync(PrivacyRequestKind.Erasure, null, person.Email);
        var code = await CodeInAsync((await MailAsync(person.Email, EmailTemplate.PrivacyRequestCode)).Single());
        var wrong = await Requests.ConfirmAsync(id, code == "000000" ? "111111" : "000000");
        var right = await Requests.ConfirmAsync(id, code);
        var again = await Requests.ConfirmAsync(id, code);

        wrong.Should().Be(PrivacyCodeOutcome.WrongCode);
        right.Should().Be(PrivacyCodeOutcome.Done);
        again.Should().Be(PrivacyCodeOutcome.Closed, "a code serves once");
        await using var db = app.CreateDbContext();
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).ErasedAt.Should().NotBeNull();
        (await db.IdentityErasures.SingleAsync(e => e.LeadId == lead.Id)).RequestedBy.Should().Be(ErasureRequesters.PersonByEmail);
        var request = await db.PrivacyRequests.SingleAsync(r => r.Id == id);
        request.Status.Should().Be(PrivacyRequestStatus.Done);
        request.Email.Should().BeNull("an answered request keeps no address");
    }

    [Fact]
    public async Task AnOppositionByEmailListsTheAddressWithdrawsItsLeadOnSaleAndKeepsItsData()
    {
        var (lead, person) = await PersonWithALeadAsync("oppose");

        var id = await Requests.StartAsync(PrivacyRequestKind.Opposition, null, person.Email);
        var outcome = await Requests.ConfirmAsync(id, await CodeInAsync((await MailAsync(person.Email, EmailTemplate.PrivacyRequestCode)).Single()));

        outcome.Should().Be(PrivacyCodeOutcome.Done);
        var lists = app.Services.GetRequiredService<LeadsAssurance.Domain.Privacy.Opposition.OppositionLists>();
        (await lists.IsListedAsync(LeadsAssurance.Domain.Privacy.Opposition.ContactKind.Email, person.Email)).Should().BeTrue();
        (await lists.IsListedAsync(LeadsAssurance.Domain.Privacy.Opposition.ContactKind.Phone, person.Phone)).Should().BeFalse("only what the person proved is listed");
        await using var db = app.CreateDbContext();
        var stored = await db.Leads.SingleAsync(l => l.Id == lead.Id);
        stored.Status.Should().Be(LeadStatus.Opposed);
        stored.ErasedAt.Should().BeNull("opposing prospecting is not erasing: the proof of consent and the buyers' copies stay");
        (await db.PrivacyRequests.SingleAsync(r => r.Id == id)).Status.Should().Be(PrivacyRequestStatus.Done);
        (await db.OppositionListVersions.CountAsync(v => v.Source == LeadsAssurance.Domain.Privacy.Opposition.OppositionSources.Person
            && v.Description.Contains("e-mail confirmé par code"))).Should().Be(1);
    }

    [Fact]
    public async Task APhoneOppositionWaitsForAnAdminWhoListsTheNumber()
    {
        var (lead, person) = await PersonWithALeadAsync("oppose-phone");
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();

        var id = await Requests.StartAsync(PrivacyRequestKind.Opposition, FrenchPhone.Display(person.Phone), null);
        (await Requests.PendingAsync()).Should().Contain(r => r.Id == id && r.Kind == PrivacyRequestKind.Opposition);
        await Requests.ConfirmByAdminAsync(id, admin);

        await using var db = app.CreateDbContext();
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).Status.Should().Be(LeadStatus.Opposed);
        (await app.Services.GetRequiredService<LeadsAssurance.Domain.Privacy.Opposition.OppositionLists>()
            .IsListedAsync(LeadsAssurance.Domain.Privacy.Opposition.ContactKind.Phone, person.Phone)).Should().BeTrue();
        (await db.PrivacyRequests.SingleAsync(r => r.Id == id)).Phone.Should().BeNull("an answered request keeps no number");
    }

    [Fact]
    public async Task AnAccessRequestSendsWhatIsHeldToTheAddressAndErasesNothing()
    {
        var (lead, person) = await PersonWithALeadAsync("access");

        var id = await Requests.StartAsync(PrivacyRequestKind.Access, null, person.Email.ToUpperInvariant());
        var outcome = await Requests.ConfirmAsync(id, await CodeInAsync((await MailAsync(person.Email, EmailTemplate.PrivacyRequestCode)).Single()));

        outcome.Should().Be(PrivacyCodeOutcome.Done);
        var report = (await MailAsync(person.Email, EmailTemplate.PrivacyAccessReport)).Single();
        (await SentMail.TextAsync(app, report.Id)).Should().Contain(person.LastName).And.Contain(person.Phone).And.Contain("Mutuelle santé");
        await using var db = app.CreateDbContext();
        (await db.Leads.SingleAsync(l => l.Id == lead.Id)).ErasedAt.Should().BeNull();
    }

    [Fact]
    public async Task WrongCodesAreCappedAndAnUnknownAddressGetsTheSameAnswer()
    {
        var nobody = $"personne.{Guid.NewGuid():N}@exemple.fr";

        var id = await Requests.StartAsync(PrivacyRequestKind.Erasure, null, nobody);
        var code = await CodeInAsync((await MailAsync(nobody, EmailTemplate.PrivacyRequestCode)).Single());
        var outcomes = new List<PrivacyCodeOutcome>();
        for (var i = 0; i < 5; i++)
            outcomes.Add(await Requests.ConfirmAsync(id, code == "999999" ? "999998" : "999999"));
        var late = await Requests.ConfirmAsync(id, code);

        outcomes.Should().Equal(PrivacyCodeOutcome.WrongCode, PrivacyCodeOutcome.WrongCode, PrivacyCodeOutcome.WrongCode, PrivacyCodeOutcome.WrongCode,
            PrivacyCodeOutcome.Closed);
        late.Should().Be(PrivacyCodeOutcome.Closed, "five wrong codes close the request, the right one included afterwards");
    }

    [Fact]
    public async Task AnAddressGetsAtMostThreeCodesAnHour()
    {
        var address = $"flood.{Guid.NewGuid():N}@exemple.fr";

        for (var i = 0; i < 5; i++)
            await Requests.StartAsync(PrivacyRequestKind.Access, null, address);

        (await MailAsync(address, EmailTemplate.PrivacyRequestCode)).Should().HaveCount(3);
    }

    [Fact]
    public async Task APhoneAloneWaitsForAnAdminWhoErasesOrAccessNeedsAnEmail()
    {
        var (lead, person) = await PersonWithALeadAsync("phone");
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();

        var id = await Requests.StartAsync(PrivacyRequestKind.Erasure, FrenchPhone.Display(person.Phone), null);
        var pending = await Requests.PendingAsync();
        await using var db = app.CreateDbContext();
        var untouched = (await db.Leads.AsNoTracking().SingleAsync(l => l.Id == lead.Id)).ErasedAt;
        var result = await Requests.ConfirmByAdminAsync(id, admin);
        var access = () => Requests.StartAsync(PrivacyRequestKind.Access, person.Phone, null);

        pending.Should().Contain(r => r.Id == id && r.Phone == person.Phone);
        untouched.Should().BeNull("nothing is erased before the admin confirms");
        result.Leads.Should().Be(1);
        var proof = await db.IdentityErasures.SingleAsync(e => e.LeadId == lead.Id);
        proof.RequestedBy.Should().Be(ErasureRequesters.PersonByPhone);
        proof.ActorId.Should().Be(admin);
        (await Requests.PendingAsync()).Should().NotContain(r => r.Id == id);
        await access.Should().ThrowAsync<ValidationFailedException>();
    }

    [Fact]
    public async Task ACodeExpires()
    {
        await using var own = await AppFactory.StartAsync<MarketFactory>();
        var requests = own.Services.GetRequiredService<PrivacyRequests>();
        var address = $"late.{Guid.NewGuid():N}@exemple.fr";
        var id = await requests.StartAsync(PrivacyRequestKind.Access, null, address);
        await using var db = own.CreateDbContext();
        var code = await CodeInAsync(own, await db.OutboundEmails.SingleAsync(e => e.Recipient == address));

        own.Clock.Advance(TimeSpan.FromMinutes(15));

        (await requests.ConfirmAsync(id, code)).Should().Be(PrivacyCodeOutcome.Closed);
        (await db.OutboundEmails.CountAsync(e => e.Recipient == address && e.Template == EmailTemplate.PrivacyAccessReport)).Should().Be(0);
    }
}
