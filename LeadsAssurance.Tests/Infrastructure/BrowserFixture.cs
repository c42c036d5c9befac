using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The real app on a real port, and Debian's Chromium driven by Playwright (no browser download). Card payments go
/// to a local <see cref="FakeStripe"/>, whose hosted page the browser is sent to.
/// </summary>
public class BrowserFixture : AppFactory
{
    private IPlaywright? _playwright;

    public FakeStripe Stripe { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Stripe:SecretKey", FakeStripe.SecretKey);
        builder.UseSetting("Stripe:WebhookSecret", FakeStripe.WebhookSecret);
        builder.UseSetting("Stripe:ApiBase", Stripe.BaseUrl);
    }

    public IBrowser Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
        BaseAddress = StartKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page in a fresh context: 1280×900 in the system's light theme unless asked otherwise (768×1024 for a tablet).</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), Locale = "fr-FR", TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = width, Height = height }, ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
        if (Stripe is not null)
            await Stripe.DisposeAsync();
    }
}
