using System.Security.Claims;
using Bunit;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using LeadsAssurance.Web.Components.Pages.Broker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LeadsAssurance.Tests.Components;

/// <summary>The market room tells the broker, in words, whether each lead's consent names him; he declares his trade names.</summary>
public class NamedPartnerPagesTests : IAsyncLifetime
{
    private static readonly TimeSpan Follow = TimeSpan.FromSeconds(5);

    private readonly BunitContext _ctx = new();
    private string _connection = "";
    private Guid _provider, _broker;

    public async Task InitializeAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync();
        _ctx.Services.AddPagesOnDatabase(_connection);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        await using var db = AppDbContextOptions.Create(_connection);
        _provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        _broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, DateTimeOffset.UtcNow))[0]; // "Broker 0"
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("courtier");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, _broker.ToString()));
        await _ctx.Services.GetRequiredService<MarketEventBus>().StartAsync(CancellationToken.None);
        _ctx.Render<MudPopoverProvider>();
        _ctx.Render<MudSnackbarProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.Services.GetRequiredService<MarketEventBus>().StopAsync(CancellationToken.None);
        await _ctx.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connection);
    }

    private static string Named(IRenderedComponent<MarketRoom> cut, Guid lead) =>
        cut.Find($"[data-lead-id='{lead}'] [data-testid='named-partner']").TextContent.Trim();

    [Fact]
    public async Task EachRowSaysWhetherTheConsentNamesTheBrokerAndANewLeadToo()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var named = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, partners: ["BROKER 0 SAS", "Durand"]))[0];
        var unnamed = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, partners: ["Broker 01"]))[0];
        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => cut.FindAll("[data-lead-id]").Should().HaveCount(2), Follow);

        Named(cut, named.Id).Should().Be("✓ Vous êtes cité dans le consentement");
        Named(cut, unnamed.Id).Should().Be("Non cité");

        var added = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow.AddSeconds(5), partners: ["Broker-0"]))[0];
        var listed = await _ctx.Services.GetRequiredService<MarketListing>().GetAsync(added.Id);
        _ctx.Services.GetRequiredService<MarketEventBus>().Publish(new LeadListed(listed!, DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => Named(cut, added.Id).Should().Be("✓ Vous êtes cité dans le consentement"), Follow);
    }

    [Fact]
    public async Task TheBrokerDeclaresTradeNamesAndAnInvalidOneIsExplainedInFrench()
    {
        var cut = _ctx.Render<PartnerNames>();
        cut.WaitForAssertion(() => cut.Find("[data-testid='company-name']").TextContent.Should().Be("Broker 0"));

        cut.Find("textarea").Change("Cabinet Durand\nSARL");
        cut.Find("[data-testid='trade-names-save']").Click();
        cut.WaitForAssertion(() => cut.Markup.Should().Contain("une forme juridique seule (SAS, SARL…) ne désigne personne"));

        cut.Find("textarea").Change("Cabinet Durand\nMutuelles du Sud-Ouest");
        cut.Find("[data-testid='trade-names-save']").Click();

        await using var db = AppDbContextOptions.Create(_connection);
        cut.WaitForAssertion(() =>
        {
            var user = db.Users.AsNoTracking().Single(u => u.Id == _broker);
            user.TradeNames.Should().Equal("Cabinet Durand", "Mutuelles du Sud-Ouest");
            user.PartnerKeys.Should().Contain(["cabinet durand", "mutuelles du sud ouest", "broker 0"]);
        }, Follow);
    }
}
