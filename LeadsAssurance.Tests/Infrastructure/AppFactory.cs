using System.Net.Http.Json;
using LeadsAssurance.Domain.Data;
using Microsoft.AspNetCore.Hosting;
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

    public string ConnectionString { get; protected set; } = "";

    /// <summary>This app's own upload folder: no two test apps see each other's files.</summary>
    public string ImportFolder { get; init; } = Path.Combine(Path.GetTempPath(), "leadsassurance-test-imports", Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Settings of this app alone (a test's own), applied after the common ones.</summary>
    public Dictionary<string, string> Settings { get; init; } = [];

    public AppDbContext CreateDbContext() => AppDbContextOptions.Create(ConnectionString);

    public virtual async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync();

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

    /// <summary>Stops the app (its pools close with it), then drops its database and its upload folder.</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
        if (Directory.Exists(ImportFolder))
            Directory.Delete(ImportFolder, recursive: true);
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
        builder.UseSetting("Import:Folder", ImportFolder);
        foreach (var (key, value) in Settings)
            builder.UseSetting(key, value);
    }

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

    private sealed record IdResponse(Guid Id);
    private sealed record KeyResponse(string Key);
}
