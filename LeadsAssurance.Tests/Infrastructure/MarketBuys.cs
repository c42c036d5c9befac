using System.Net.Http.Json;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>Market purchases made as a broker makes them (a hold, then a payment with credits), and prices with cents.</summary>
public static class MarketBuys
{
    /// <summary>Sets products' prices (as the admin does), so that sums "to the cent" have cents to get wrong.</summary>
    public static async Task PriceAsync(AppFactory app, params (string Code, decimal Price)[] prices)
    {
        var admin = (await app.CreateApiClient(AppFactory.AdminApiKey).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("id").GetGuid();
        var catalog = app.Services.GetRequiredService<CatalogService>();
        foreach (var (code, price) in prices)
        {
            var p = (await catalog.GetAsync(code))!;
            await catalog.UpdateAsync(code, new ProductChanges(p.Label, price, p.MaxBuyers, p.IsActive), admin);
        }
    }

    /// <summary><paramref name="count"/> leads of <paramref name="product"/> listed at <paramref name="now"/>, held and paid with credits by the broker.</summary>
    public static async Task BuyAsync(AppFactory app, Guid brokerId, int count, DateTimeOffset now, string product = "ASSURANCE_AUTO")
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, now))[0];
        var market = app.Services.GetRequiredService<MarketService>();
        foreach (var lead in await TestData.AddLeadsAsync(db, provider, count, now, product))
        {
            var hold = await market.ReserveAsync(lead.Id, brokerId);
            await market.PayWithCreditsAsync(hold.ReservationId, brokerId);
        }
    }
}
