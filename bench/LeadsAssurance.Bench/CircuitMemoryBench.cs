using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LeadsAssurance.Bench;

/// <summary>Managed heap per connected market-room circuit showing 50 rows, measured in the server's own process.</summary>
public static class CircuitMemoryBench
{
    public static async Task RunAsync(BenchHost host, int circuits)
    {
        var provider = (await host.AddBrokersAsync(1))[0];
        // Every row with a falling price, its next drop shown: the grid's heavier case (the last bench of a run).
        await using (var db = host.Db())
        {
            var product = await db.Products.SingleAsync(p => p.Code == "MUTUELLE_SANTE");
            product.ChangePriceSchedule(new PriceSchedule(product.Price / 2, 1m, TimeSpan.FromHours(1)));
            await db.SaveChangesAsync();
        }
        await host.AddLeadsAsync(provider, 60);
        const string email = "memory@bench.fr", password = "Bench!2026x";
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AccountRegistration>()
                .RegisterAsync(new NewAccount(email, password, AccountRole.Broker, "Bench Memory", null, "12345678"), active: true);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Address.ToString() });
        var login = await context.NewPageAsync();
        await login.GotoAsync("/Account/Login");
        await login.GetByTestId("login-email").FillAsync(email);
        await login.GetByTestId("login-password").FillAsync(password);
        await login.GetByTestId("login-submit").ClickAsync();
        // A broker lands on his dashboard: wait until signed in, then open the market room.
        await login.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        await login.GotoAsync("/market");
        await OpenMarketAsync(login);

        var baseline = Heap();
        Dump("baseline");
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            var page = await context.NewPageAsync();
            var path = Environment.GetEnvironmentVariable("BENCH_PAGE") ?? "/market";
            await page.GotoAsync(path);
            if (path == "/market")
                await OpenMarketAsync(page);
            else
                await page.Locator("[data-circuit-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
            pages.Add(page);
        }
        var loaded = Heap();
        Dump("loaded");
        Console.WriteLine($"memory: {circuits} market-room circuits with 50 rows each: " +
            $"{(loaded - baseline) / circuits / 1024.0:0} KB of managed heap per circuit (target <= 500 KB)");
        foreach (var page in pages)
            await page.CloseAsync();
    }

    private static async Task OpenMarketAsync(IPage page)
    {
        await page.Locator("[data-circuit-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await page.Locator("[data-lead-id]").Nth(49).WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
    }

    private static void Dump(string name)
    {
        var dir = Environment.GetEnvironmentVariable("BENCH_DUMP_DIR");
        if (dir is null) return;
        var createdump = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "createdump");
        using var p = System.Diagnostics.Process.Start(createdump, ["--withheap", "-f", Path.Combine(dir, name + ".dmp"), Environment.ProcessId.ToString()]);
        p.WaitForExit();
    }

    private static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
