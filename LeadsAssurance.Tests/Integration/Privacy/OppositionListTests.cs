using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Domain.Privacy;
using LeadsAssurance.Domain.Privacy.Opposition;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Privacy;

/// <summary>Issue 14's opposition lists: stored as keyed digests, refused at ingestion, withdrawn from sale, fed by erasures.</summary>
public class OppositionListTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private static int _number = 1_000_000;

    /// <summary>A French mobile number ("07 7x xx xx xx") no other test of the class uses.</summary>
    private static string NewPhone()
    {
        var n = Interlocked.Increment(ref _number);
        return $"07 7{n / 1_000_000 % 10} {n / 10_000 % 100:00} {n / 100 % 100:00} {n % 100:00}";
    }

    private static string E164(string phone) => FrenchPhone.Normalize(phone, out _)!;

    private OppositionLists Lists => app.Services.GetRequiredService<OppositionLists>();

    private async Task<HttpClient> ProviderAsync() => app.CreateApiClient((await app.CreateAccountAsync("Provider", approve: true)).ApiKey);

    private Task<HttpResponseMessage> PostLeadAsync(HttpClient provider, string? phone = null, string? email = null) =>
        provider.PostAsJsonAsync("/api/v1/leads", LeadRequests.Lead(app.Clock.GetUtcNow(), phone: phone ?? NewPhone(), email: email));

    [Fact]
    public async Task AListedPhoneOrEmailIsRefusedAtIngestionWithOnlyTheWordOpposition()
    {
        var provider = await ProviderAsync();
        var (phone, email) = (NewPhone(), $"refus.{Guid.NewGuid():N}@exemple.fr");
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var added = await admin.PostAsJsonAsync("/api/v1/admin/suppressions", new { phones = new[] { phone }, emails = new[] { email.ToUpperInvariant() } });
        added.StatusCode.Should().Be(HttpStatusCode.OK);
        (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32().Should().Be(2);

        var byPhone = await PostLeadAsync(provider, phone: phone.Replace(" ", ""));
        var byEmail = await PostLeadAsync(provider, email: email);
        var clean = await PostLeadAsync(provider);

        foreach (var refused in new[] { byPhone, byEmail })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var raw = await refused.Content.ReadAsStringAsync();
            var errors = JsonDocument.Parse(raw).RootElement.GetProperty("errors");
            errors.EnumerateObject().Select(e => e.Name).Should().Equal("opposition");
            errors.GetProperty("opposition")[0].GetString().Should().Contain("liste d'opposition");
            raw.Should().NotContain("Bloctel").And.NotContain("phone").And.NotContain("email", "the provider learns neither which list nor which field");
        }
        clean.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (await clean.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await using var db = app.CreateDbContext();
        var current = await db.OppositionListHead.Select(h => h.Version).SingleAsync();
        (await db.Leads.SingleAsync(l => l.Id == id)).OppositionVersion.Should().Be(current, "each lead records the list version it was checked against");
        (await db.OppositionEntries.CountAsync(e => e.Digest == app.Services.GetRequiredService<ContactDigests>().Email(email))).Should().Be(1,
            "the e-mail is stored lower-cased as ingestion stores it, and only as its digest");
        (await db.IngestionRefusals.Where(r => r.Reason == RefusalReason.Opposition).SumAsync(r => r.Count)).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task TheListHoldsOnlyKeyedDigestsNeverTheContactInClear()
    {
        var phone = E164(NewPhone());
        await Lists.AddAsync([phone], null, null);
        await using var db = app.CreateDbContext();
        var digest = app.Services.GetRequiredService<ContactDigests>().Phone(phone);

        var entry = await db.OppositionEntries.SingleAsync(e => e.Digest == digest);

        entry.Kind.Should().Be(ContactKind.Phone);
        entry.Digest.Should().NotEqual(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(phone)), "a plain hash of a phone is reversible by trying them all");
        var dump = await db.Database.SqlQueryRaw<string>("select encode(digest, 'escape') as \"Value\" from opposition_entries").ToListAsync();
        var national = phone[3..];
        dump.Should().NotContain(d => d.Contains(national));
    }

    [Fact]
    public async Task AnEntryAddedByMistakeIsRemovedWithAReasonAndTheContactIsAcceptedAgain()
    {
        var provider = await ProviderAsync();
        var phone = NewPhone();
        await Lists.AddAsync([phone], null, null);
        (await PostLeadAsync(provider, phone: phone)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();

        var noReason = () => Lists.RemoveAsync(ContactKind.Phone, E164(phone), admin, " ");
        await noReason.Should().ThrowAsync<LeadsAssurance.Domain.ValidationFailedException>();
        (await Lists.RemoveAsync(ContactKind.Phone, E164(phone), admin, "Numéro saisi par erreur")).Should().BeTrue();
        (await Lists.RemoveAsync(ContactKind.Phone, E164(phone), admin, "Encore")).Should().BeFalse();

        (await PostLeadAsync(provider, phone: phone)).StatusCode.Should().Be(HttpStatusCode.Created);
        await using var db = app.CreateDbContext();
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "opposition.removed" && a.ActorId == admin);
        audit.Details.Should().Contain("Numéro saisi par erreur").And.NotContain(E164(phone)[3..], "the audit log does not hold the contact either");
    }

    [Fact]
    public async Task InvalidValuesAreRefusedPerFieldAndNothingIsAdded()
    {
        var admin = app.CreateApiClient(AppFactory.AdminApiKey);
        var good = NewPhone();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/suppressions", new { phones = new[] { good, "12 34" }, emails = new[] { "pas-une-adresse" } });
        var empty = await admin.PostAsJsonAsync("/api/v1/admin/suppressions", new { });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("phones[1]", "emails[0]");
        errors.GetProperty("phones[1]")[0].GetString().Should().Contain("invalide");
        (await Lists.IsListedAsync(ContactKind.Phone, E164(good))).Should().BeFalse("an addition is all or nothing");
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ALeadOnSaleWhoseContactBecomesListedIsWithdrawnLiveAndItsHoldClosed()
    {
        var provider = await ProviderAsync();
        var (heldPhone, freePhone) = (NewPhone(), NewPhone());
        var held = (await (await PostLeadAsync(provider, phone: heldPhone)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var free = (await (await PostLeadAsync(provider, phone: freePhone)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var untouched = (await (await PostLeadAsync(provider)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var (brokerId, brokerKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, brokerId, 500m);
        var market = app.Services.GetRequiredService<MarketService>();
        var hold = await market.ReserveAsync(held, brokerId);
        var withdrawn = new ConcurrentQueue<LeadWithdrawn>();
        using var _ = app.Services.GetRequiredService<MarketNotifier>().Subscribe(e =>
        {
            if (e is LeadWithdrawn w)
                withdrawn.Enqueue(w);
            return Task.CompletedTask;
        });

        var result = await Lists.AddAsync([heldPhone, freePhone], null, null);

        result.Withdrawn.Should().Be(2);
        await using var db = app.CreateDbContext();
        var statuses = await db.Leads.Where(l => l.Id == held || l.Id == free || l.Id == untouched).ToDictionaryAsync(l => l.Id, l => l.Status);
        statuses[held].Should().Be(LeadStatus.Opposed);
        statuses[free].Should().Be(LeadStatus.Opposed);
        statuses[untouched].Should().Be(LeadStatus.Stock);
        (await Eventually.TrueAsync(() => withdrawn.Select(w => w.LeadId).ToHashSet().IsSupersetOf([held, free]), TimeSpan.FromSeconds(10))).Should().BeTrue();
        var pay = () => market.PayWithCreditsAsync(hold.ReservationId, brokerId);
        await pay.Should().ThrowAsync<HoldExpiredException>("nobody buys a contact who opposed prospecting");
        var listing = await app.CreateApiClient(brokerKey).GetFromJsonAsync<JsonElement>("/api/v1/market?pageSize=100");
        listing.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().NotContain([held, free]).And.Contain(untouched);
    }

    [Fact]
    public async Task ABatchStagedBeforeAnAdditionAndCommittedAfterItIsCheckedAgain()
    {
        var providerId = (await app.CreateAccountAsync("Provider", approve: true)).Id;
        var phone = NewPhone();
        var ingestion = app.Services.GetRequiredService<LeadIngestion>();
        var submission = JsonSerializer.Deserialize<LeadSubmission>(JsonSerializer.Serialize(LeadRequests.Lead(app.Clock.GetUtcNow(), phone: phone)),
            JsonSerializerOptions.Web)!;
        var prepared = await ingestion.PrepareAsync(providerId, [submission]);
        await using var staged = await ingestion.StageAsync(providerId, prepared);

        await Lists.AddAsync([phone], null, null);
        var results = await ingestion.CommitAsync(staged, null);

        results[0].Status.Should().Be(IngestionStatus.Invalid);
        results[0].Errors!.Keys.Should().Equal(LeadIngestion.OppositionErrorKey);
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync(l => l.Phone == E164(phone))).Should().Be(0, "the lead copied while staging is removed");
    }

    [Fact]
    public async Task AnErasedPersonIsListedSoNoProviderCanSellThemAgain()
    {
        var provider = await ProviderAsync();
        var email = $"efface.{Guid.NewGuid():N}@exemple.fr";
        (await PostLeadAsync(provider, email: email)).StatusCode.Should().Be(HttpStatusCode.Created);

        await app.Services.GetRequiredService<ErasureService>().EraseAsync(null, email, ErasureRequesters.Admin, null);
        var again = await PostLeadAsync(await ProviderAsync(), email: email);

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("opposition", out _).Should().BeTrue();
        await using var db = app.CreateDbContext();
        (await db.OppositionListVersions.Where(v => v.Source == OppositionSources.Erasure).CountAsync()).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task AThreeHundredThousandNumberFileIsImportedInChunksInOneVersion()
    {
        const int count = 300_000;
        var progress = new ConcurrentQueue<OppositionProgress>();
        // Bloctel's form (33…), the national form and a few e-mails, a header line and malformed cells.
        var lines = new[] { "telephone;commentaire" }
            .Concat(Enumerable.Range(0, count).Select(i => i % 3 == 0 ? $"3378{i:0000000}" : i % 3 == 1 ? $"078{i:0000000};opposé" : $"07 8{i / 1_000_000 % 10} {i / 10_000 % 100:00} {i / 100 % 100:00} {i % 100:00}"))
            .Concat(["00000000000", "personne@", "bloctel.extrait@exemple.fr"]);
        await using var file = new LineStream(lines);
        var provider = await ProviderAsync();

        var result = await Lists.ImportAsync(file, "bloctel-extrait.csv", null, null, new Recorder(progress));

        result.Read.Should().Be(count + 1);
        result.Added.Should().Be(count + 1);
        result.Invalid.Should().Be(2);
        result.InvalidSamples.Should().Equal("00000000000", "personne@");
        progress.Count.Should().BeGreaterThanOrEqualTo(count / OppositionLists.Chunk, "the file is sent to PostgreSQL a chunk at a time, never held whole");
        progress.Select(p => p.Read).Should().BeInAscendingOrder();
        var summary = await Lists.SummaryAsync();
        summary.Version.Should().Be(result.Version);
        summary.Recent[0].Description.Should().Be("bloctel-extrait.csv");
        (await Lists.IsListedAsync(ContactKind.Phone, "+33780123456")).Should().BeTrue();
        (await PostLeadAsync(provider, phone: "07 80 12 34 57")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("", "Privacy:SuppressionKey is required in Production")]
    [InlineData("c2hvcnQ=", "Privacy:SuppressionKey must be at least 32 random bytes")]
    public async Task ProductionRefusesToStartWithoutAGoodSuppressionKey(string key, string message)
    {
        await using var production = new ProductionFactory { Settings = { ["Privacy:SuppressionKey"] = key } };
        await production.InitializeAsync();

        var start = () => production.Server;

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains(message));
    }

    private sealed class Recorder(ConcurrentQueue<OppositionProgress> into) : IProgress<OppositionProgress>
    {
        public void Report(OppositionProgress value) => into.Enqueue(value);
    }

    /// <summary>A text file produced as it is read: the test holds no more of it than the importer asks for.</summary>
    private sealed class LineStream(IEnumerable<string> lines) : Stream
    {
        private readonly IEnumerator<string> _lines = lines.GetEnumerator();
        private byte[] _pending = [];
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count)
        {
            while (_offset == _pending.Length)
            {
                if (!_lines.MoveNext())
                    return 0;
                _pending = Encoding.UTF8.GetBytes(_lines.Current + "\r\n");
                _offset = 0;
            }
            var n = Math.Min(count, _pending.Length - _offset);
            Array.Copy(_pending, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
