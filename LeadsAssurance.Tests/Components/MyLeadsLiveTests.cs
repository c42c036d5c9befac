using System.Security.Claims;
using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
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
        _ctx.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connection);
    }

    private MarketNotifier Notifier => _ctx.Services.GetRequiredService<MarketNotifier>();

    private async Task<MarketLead> ListedAsync(Guid id) => (await _ctx.Services.GetRequiredService<MarketListing>().GetAsync(id))!;

    [Fact]
    public async Task A_new_lead_of_this_provider_appears_and_a_sale_shows_without_reload_while_others_leads_never_do()
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

        await db.Leads.Where(l => l.Id == first.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, LeadStatus.Sold).SetProperty(l => l.SoldCount, 1));
        await Notifier.PublishAsync(new LeadSold(first.Id, Guid.NewGuid(), 0, first.Price, first.ProductCode, DateTimeOffset.UtcNow));

        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{first.Id}']").TextContent.Should().Contain("Vendu").And.Contain("1 / 1"), TimeSpan.FromSeconds(5));
    }
}
