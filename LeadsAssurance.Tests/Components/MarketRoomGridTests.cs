using System.Security.Claims;
using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Broker;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>
/// The market grid against a real database and the real event bus: other brokers' holds and purchases, made through
/// the market service, reach the grid as they would in production, without any reload.
/// </summary>
public class MarketRoomGridTests : IAsyncLifetime
{
    /// <summary>How long a new row stays highlighted (MarketRoom.Highlight).</summary>
    private static readonly TimeSpan Highlight = TimeSpan.FromSeconds(3);

    /// <summary>A row taken by another broker fades for 0.7 s before it goes: a generous bound for the grid to follow.</summary>
    private static readonly TimeSpan Follow = TimeSpan.FromSeconds(5);

    private readonly BunitContext _ctx = new();
    private string _connection = "";
    private Guid _provider, _otherBroker;

    public async Task InitializeAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync();
        _ctx.Services.AddPagesOnDatabase(_connection);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        await using var db = AppDbContextOptions.Create(_connection);
        _provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var brokers = await TestData.AddAccountsAsync(db, AccountRole.Broker, 2, DateTimeOffset.UtcNow);
        _otherBroker = brokers[1];
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("courtier");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, brokers[0].ToString()));
        await _ctx.Services.GetRequiredService<MarketEventBus>().StartAsync(CancellationToken.None);
        _ctx.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.Services.GetRequiredService<MarketEventBus>().StopAsync(CancellationToken.None);
        await _ctx.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connection);
    }

    private MarketService Market => _ctx.Services.GetRequiredService<MarketService>();

    private static string[] Rows(IRenderedComponent<MarketRoom> cut) => [.. cut.FindAll("[data-lead-id]").Select(r => r.GetAttribute("data-lead-id")!)];

    [Fact]
    public async Task ALeadAnotherBrokerBuysLeavesTheGridAndANewLeadAppearsHighlighted()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var leads = await TestData.AddLeadsAsync(db, _provider, 2, DateTimeOffset.UtcNow, "ASSURANCE_AUTO");
        await _ctx.Services.GetRequiredService<LedgerService>().TopUpAsync(_otherBroker, 100m, "VIR-GRID", _otherBroker);
        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => Rows(cut).Should().HaveCount(2), Follow);

        var hold = await Market.ReserveAsync(leads[0].Id, _otherBroker);
        await Market.PayWithCreditsAsync(hold.ReservationId, _otherBroker);
        cut.WaitForAssertion(() => Rows(cut).Should().Equal(leads[1].Id.ToString()), Follow);

        var added = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow.AddSeconds(5), "ASSURANCE_AUTO"))[0];
        var listed = await _ctx.Services.GetRequiredService<MarketListing>().GetAsync(added.Id);
        // What ingestion publishes once the lead is committed.
        _ctx.Services.GetRequiredService<MarketEventBus>().Publish(new LeadListed(listed!, DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{added.Id}']").ClassList.Should().Contain("la-row-new"), Highlight);

        cut.Markup.ShouldNotRevealAny(leads.Append(added), "the market grid");
    }

    [Fact]
    public async Task AnExclusiveLeadHeldElsewhereIsGreyedThenRemovedWhileASharedOneReloadsWithAPlaceLess()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var exclusive = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "CREDIT_IMMO"))[0];
        var shared = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "MUTUELLE_SANTE", exclusive: false))[0];
        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{shared.Id}']").TextContent.Should().Contain("3 place(s)"), Follow);

        await Market.ReserveAsync(exclusive.Id, _otherBroker);
        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{exclusive.Id}']").ClassList.Should().Contain("la-row-taken"), Follow);
        await Market.ReserveAsync(shared.Id, _otherBroker);

        cut.WaitForAssertion(() => cut.FindAll($"[data-lead-id='{exclusive.Id}']").Should().BeEmpty(), Follow);
        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{shared.Id}']").TextContent.Should().Contain("2 place(s)"), Follow);
        cut.Find($"[data-lead-id='{shared.Id}']").ClassList.Should().NotContain("la-row-taken", "a shared lead with places left stays on sale");
    }

    [Fact]
    public async Task ProviderSuppliedTextIsEncodedInTheGrid()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var lead = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "RC_PRO",
            contact: new LeadContact("Zoé", "Marchal-Henry", "+33761000001", "zoe.mh@exemple.fr", "69003", "<img src=x onerror=alert(1)>")))[0];

        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => cut.FindAll($"[data-lead-id='{lead.Id}']").Should().ContainSingle(cut.Markup), Follow);

        cut.Markup.Should().NotContain("<img src=x").And.Contain("&lt;img src=x onerror=alert(1)&gt;");
        cut.FindAll("img").Should().BeEmpty();
    }

    [Fact]
    public async Task EachRowShowsItsProvidersScoreAndSalesAndTheScoreFilterHidesTheLowOnes()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var now = DateTimeOffset.UtcNow;
        var returning = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        await ProviderHistory.AddAsync(_connection, returning, ProviderHistory.Returned, LeadsAssurance.Domain.France.DateOf(now).AddDays(-1));
        var fresh = (await TestData.AddLeadsAsync(db, _provider, 1, now, "ASSURANCE_DECENNALE"))[0];
        var low = (await TestData.AddLeadsAsync(db, returning, 1, now, "ASSURANCE_DECENNALE"))[0];

        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => Rows(cut).Should().Contain([fresh.Id.ToString(), low.Id.ToString()]), Follow);
        string Score(Guid lead) => cut.Find($"[data-lead-id='{lead}'] [data-testid=provider-score]").TextContent;

        Score(fresh.Id).Should().Contain("★ 3,5").And.Contain("nouvel apporteur");
        Score(low.Id).Should().Contain("★ 3,3").And.Contain("300 ventes");
        cut.Find("[data-testid=toggle-filters]").Click();
        var filter = cut.FindComponents<MudSelect<decimal>>().Single(s => s.Instance.Label == "Score ≥");
        await cut.InvokeAsync(() => filter.Instance.ValueChanged.InvokeAsync(3.4m));
        cut.WaitForAssertion(() => Rows(cut).Should().Contain(fresh.Id.ToString()).And.NotContain(low.Id.ToString()), Follow);
    }
}
