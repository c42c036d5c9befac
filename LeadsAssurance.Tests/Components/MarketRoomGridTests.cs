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

/// <summary>The market grid against a real database: it must follow the notifier without any reload.</summary>
public class MarketRoomGridTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private string _connection = "";
    private Guid _provider;

    public async Task InitializeAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync();
        _ctx.Services.AddPagesOnDatabase(_connection);
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        await using var db = AppDbContextOptions.Create(_connection);
        _provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var broker = (await TestData.AddAccountsAsync(db, AccountRole.Broker, 1, DateTimeOffset.UtcNow))[0];
        var auth = _ctx.AddAuthorization();
        auth.SetAuthorized("courtier");
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, broker.ToString()));
        _ctx.Render<MudPopoverProvider>();
    }

    public async Task DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(_connection);
    }

    private MarketNotifier Notifier => _ctx.Services.GetRequiredService<MarketNotifier>();

    [Fact]
    public async Task ARowDisappearsOnLeadSoldAndANewOneAppearsOnLeadListed()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var leads = await TestData.AddLeadsAsync(db, _provider, 2, DateTimeOffset.UtcNow, "ASSURANCE_AUTO");
        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => cut.FindAll("[data-lead-id]").Should().HaveCount(2));

        await Notifier.PublishAsync(new LeadSold(leads[0].Id, Guid.NewGuid(), 0, leads[0].Price, leads[0].ProductCode, DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => cut.FindAll("[data-lead-id]").Select(r => r.GetAttribute("data-lead-id")).Should().Equal(leads[1].Id.ToString()),
            TimeSpan.FromSeconds(5));

        var added = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow.AddSeconds(5), "ASSURANCE_AUTO"))[0];
        var listed = await _ctx.Services.GetRequiredService<MarketListing>().GetAsync(added.Id);
        await Notifier.PublishAsync(new LeadListed(listed!, DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{added.Id}']").ClassList.Should().Contain("la-row-new"), TimeSpan.FromSeconds(5));

        foreach (var lead in leads.Append(added))
            cut.Markup.Should().NotContain(lead.Phone).And.NotContain(lead.Email);
    }

    [Fact]
    public async Task AReservedRowIsGreyedThenRemovedWhileASharedLeadWithPlacesLeftStays()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var exclusive = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "CREDIT_IMMO"))[0];
        var shared = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "MUTUELLE_SANTE", exclusive: false))[0];
        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => cut.FindAll("[data-lead-id]").Count.Should().BeGreaterThanOrEqualTo(2));

        var publishing = Notifier.PublishAsync(new LeadReserved(exclusive.Id, Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(10), 0, exclusive.Price, DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => cut.Find($"[data-lead-id='{exclusive.Id}']").ClassList.Should().Contain("la-row-taken"));
        await publishing;
        await Notifier.PublishAsync(new LeadReserved(shared.Id, Guid.NewGuid(), DateTimeOffset.UtcNow.AddMinutes(10), 2, shared.Price, DateTimeOffset.UtcNow));

        cut.WaitForAssertion(() => cut.FindAll($"[data-lead-id='{exclusive.Id}']").Should().BeEmpty(), TimeSpan.FromSeconds(5));
        cut.FindAll($"[data-lead-id='{shared.Id}']").Should().ContainSingle();
    }

    [Fact]
    public async Task ProviderSuppliedTextIsEncodedInTheGrid()
    {
        await using var db = AppDbContextOptions.Create(_connection);
        var lead = (await TestData.AddLeadsAsync(db, _provider, 1, DateTimeOffset.UtcNow, "RC_PRO"))[0];
        await db.Database.ExecuteSqlAsync($"update leads set city = {"<img src=x onerror=alert(1)>"} where id = {lead.Id}");

        var cut = _ctx.Render<MarketRoom>();
        cut.WaitForAssertion(() => cut.FindAll($"[data-lead-id='{lead.Id}']").Should().ContainSingle());

        cut.Markup.Should().NotContain("<img src=x").And.Contain("&lt;img src=x onerror=alert(1)&gt;");
        cut.FindAll("img").Should().BeEmpty();
    }
}
