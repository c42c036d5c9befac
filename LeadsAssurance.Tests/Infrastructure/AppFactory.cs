using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LeadsAssurance.Domain.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The real app on a fresh database, with a bootstrap admin whose API key is <see cref="AdminApiKey"/>.
/// Call <see cref="StartKestrel"/> for browser tests: the app then listens on a real port.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@tests.leadsassurance.fr";
    public const string AdminPassword = "Admin!Tests2026";
    public const string AdminApiKey = "la_test_admin_key_0123456789abcdef";
    /// <summary>The opposition list's digest key of every test app (Production refuses to start without one).</summary>
    public const string SuppressionKey = "dGVzdC1zdXBwcmVzc2lvbi1rZXktMzItYnl0ZXMtbG9uZyEh";

    public string ConnectionString { get; protected set; } = "";

    /// <summary>This app's own upload folder: no two test apps see each other's files.</summary>
    public string ImportFolder { get; init; } = Path.Combine(Path.GetTempPath(), "leadsassurance-test-imports", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Settings of this app alone (a test's own), applied after the common ones.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    /// <summary>Where this app writes its e-mails as .eml files when no SMTP server is configured.</summary>
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), "leadsassurance-test-mail", Guid.NewGuid().ToString("N")[..12]);

    public AppDbContext CreateDbContext() => AppDbContextOptions.Create(ConnectionString);

    /// <summary>
    /// Another node: this app runs on the database of <see cref="DatabaseOf"/> instead of a new one, and leaves it (and
    /// the upload folder it shares) when it stops.
    /// </summary>
    public AppFactory? DatabaseOf { get; init; }

    public virtual async Task InitializeAsync() =>
        ConnectionString = DatabaseOf?.ConnectionString ?? await TestPostgres.CreateDatabaseAsync();

    /// <summary>A started app of the test's own, for a test that changes what a class fixture shares (its clock).</summary>
    public static Task<T> StartAsync<T>() where T : AppFactory, new() => StartAsync(new T());

    /// <inheritdoc cref="StartAsync{T}()"/>
    public static async Task<T> StartAsync<T>(T app) where T : AppFactory
    {
        await app.InitializeAsync();
        _ = app.Server;
        return app;
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Stops the app's host only (its pools close with it).</summary>
    protected ValueTask DisposeHostAsync() => base.DisposeAsync();

    /// <summary>
    /// Stops the app (its pools close with it), then drops its database, its upload folder and its mail folder; another
    /// node (<see cref="DatabaseOf"/>) stops its host only: the database and the folders belong to the first app.
    /// </summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (DatabaseOf is null)
        {
            await TestPostgres.DropDatabaseAsync(ConnectionString);
            foreach (var folder in new[] { ImportFolder, MailFolder }.Where(Directory.Exists))
                Directory.Delete(folder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the host does not read the static web assets manifest (MudBlazor's css/js, app.css).
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Bootstrap:AdminApiKey", AdminApiKey);
        builder.UseSetting("Privacy:SuppressionKey", SuppressionKey);
        builder.UseSetting("Import:Folder", ImportFolder);
        builder.UseSetting("Email:PickupFolder", MailFolder);
        // Every test client comes from one address: per-address budgets stay out of the way unless a test sets them.
        foreach (var limit in new[] { "Login", "Registration", "ForgotPassword", "ConsentChecks", "UnknownApiKeys" })
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "100000");
        // The test hosts speak plain http; a Secure cookie would never come back to them.
        if (PlainHttpCookies)
            builder.ConfigureTestServices(services =>
            {
                services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
                services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            });
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

    /// <summary>False for a host that must keep its cookies Secure (the Production tests).</summary>
    protected virtual bool PlainHttpCookies => true;

    /// <summary>Serves the app on a free loopback port and returns its base address.</summary>
    public Uri StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        ClientOptions.BaseAddress = baseAddress;
        return baseAddress;
    }

    public HttpClient CreateApiClient(string? apiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = ClientOptions.BaseAddress });
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Creates an account through the admin API, optionally approves it, and returns its id and a fresh API key.</summary>
    public async Task<(Guid Id, string ApiKey)> CreateAccountAsync(string role, bool approve, string? email = null)
    {
        var admin = CreateApiClient(AdminApiKey);
        email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@example.fr";
        var created = await admin.PostAsJsonAsync("/api/v1/admin/accounts", new
        {
            email, password = "Passw0rd!x", role, companyName = $"{role} Test SAS", siren = "732829320",
            oriasNumber = role == "Broker" ? "12345678" : null,
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<IdResponse>())!.Id;
        if (approve)
            (await admin.PostAsync($"/api/v1/admin/accounts/{id}/approve", null)).EnsureSuccessStatusCode();
        var key = await admin.PostAsJsonAsync($"/api/v1/admin/accounts/{id}/api-keys", new { name = "tests" });
        key.EnsureSuccessStatusCode();
        return (id, (await key.Content.ReadFromJsonAsync<KeyResponse>())!.Key);
    }

    /// <summary>Signs in through the login form as a browser does; the client carries the session cookie and no API key.</summary>
    public async Task<HttpClient> CreateCookieClientAsync(string email, string password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });
        var page = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.Email"] = email, ["Input.Password"] = password,
        }));
        if (signIn.StatusCode != HttpStatusCode.Redirect || !signIn.Headers.TryGetValues("Set-Cookie", out var cookies) || !cookies.Any(c => c.StartsWith("leadsassurance.auth")))
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)signIn.StatusCode}.");
        return client;
    }

    private sealed record IdResponse(Guid Id);
    private sealed record KeyResponse(string Key);
}
