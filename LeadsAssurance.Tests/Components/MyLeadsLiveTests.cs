using System.Security.Claims;
using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Provider;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>"Mes leads" follows the provider's leads without a reload, and only his.</summary>
public class MyLeadsLiveTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private string _connection = "";
    private Guid _provider, _other;

    public async Task InitializeAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync();
        _ctx.Services.AddPagesOnDatabase(_connection);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        await using var db = AppDbContextOptions.Create(_connection);
        var providers = await TestData.AddAccountsAsync(db, AccountRole.Provider, 2, DateTimeOffset.UtcNow);
        (_provider, _other) = (providers[0], providers[1]);
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("apporteur");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _provider.ToString()));
        await _ctx.Services.GetRequiredService<MarketEventBus>().StartAsync(CancellationToken.None);
        _ctx.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.Services.GetRequiredService<MarketEventBus>().StopAsync(CancellationToken.None);
        await _ctx.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connection);
    }

    private MarketNotifier Notifier => _ctx.Services.GetRequiredService<MarketNotifier>();

    private async Task<MarketLead> ListedAsync(Guid id) => (await _ctx.Services.GetRequiredService<MarketListing>().GetAsync(id))!;

    [Fact]
    public async Task ANewLeadOfThisProviderAppearsAndASaleShowsWithoutReloadWhileOthersLeadsNeverDo()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var first = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "ASSURANCE_AUTO"))[0];
        var cut = _ctx.Render<MyLeads>();
        cut.WaitForAssertion(() => cut.FindAll("[data-lead-id]").Should().HaveCount(1));

        var theirs = (await TestData.AddLeadsAsync(db, _other, 1, DateTimeOffset.UtcNow.AddSeconds(1), "ASSURANCE_AUTO"))[0];
        await Notifier.PublishAsync(new LeadListed(await ListedAsync(theirs.Id), DateTimeOffset.UtcNow));
        var mine = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow.AddSeconds(2), "ASSURANCE_AUTO"))[0];
        await Notifier.PublishAsync(new LeadListed(await ListedAsync(mine.Id), DateTimeOffset.UtcNow));

        cut.WaitForAssertion(() => cut.FindAll("[data-lead-id]").Select(r => r.GetAttribute("data-lead-id"))
            .Should().BeEquivalentTo([first.Id.ToString(), mine.Id.ToString()]), TimeSpan.FromSeconds(5));
        cut.Markup.Should().NotContain(theirs.Id.ToString());

        // A broker buys it as brokers do: a hold, then a payment from his credits, announced on the bus.
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, DateTimeOffset.UtcNow))[0];
        await _ctx.Services.GetRequiredService<LedgerService>().TopUpAsync(broker, 100m, "VIR-MES-LEADS", broker);
        var market = _ctx.Services.GetRequiredService<MarketService>();
        await market.PayWithCreditsAsync((await market.ReserveAsync(first.Id, broker)).ReservationId, broker);

        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{first.Id}']").TextContent.Should().Contain("Vendu").And.Contain("1 / 1"), TimeSpan.FromSeconds(5));
    }
}
