using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace LeadsAssurance.Tests.Integration;

/// <summary>A second app process on the same database must see the first one's sales (PostgreSQL LISTEN/NOTIFY).</summary>
[Trait("Category", "Slow")]
public class TwoProcessesTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task ASaleOnOneProcessReachesAHubClientOfAnother()
    {
        var (buyerId, buyerKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, watcherKey) = await app.CreateAccountAsync("Broker", approve: true);
        await TestData.TopUpAsync(app.Services, buyerId, 100m);
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, DateTimeOffset.UtcNow))[0];
        var lead = (await TestData.AddLeadsAsync(db, provider, 1, DateTimeOffset.UtcNow))[0];
        var port = FreePort();
        using var other = StartSecondProcess(port);
        try
        {
            await SellAndWatchAsync(other, port, watcherKey, buyerKey, lead.Id);
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task LeadsListedOnOneProcessReachAHubClientOfAnotherMaskedAndInOrder()
    {
        var (_, watcherKey) = await app.CreateAccountAsync("Broker", approve: true);
        var (_, providerKey) = await app.CreateAccountAsync("Provider", approve: true);
        var port = FreePort();
        using var other = StartSecondProcess(port);
        try
        {
            await using var hub = await ConnectAsync(other, port, watcherKey);
            var listed = new ConcurrentQueue<JsonElement>();
            hub.On<JsonElement>("LeadListed", e => listed.Enqueue(e));

            // More than one NOTIFY's worth of ids (MarketEventBus.MaxIdsPerEvent), so the other node reads several runs.
            var capturedAt = DateTimeOffset.UtcNow.AddHours(-1);
            var leads = Enumerable.Range(0, 200).Select(i => new
            {
                productCode = "MUTUELLE_SANTE", firstName = "Éloïse", lastName = "Dupont", phone = $"06{40_000_000 + i}", email = $"two.{i}@exemple.fr",
                zipCode = "20000", city = "Ajaccio",
                attributes = new { regime = "general", composition = "couple", dateNaissance = "1980-05-17", niveau = "confort" },
                consent = new { text = "J'accepte d'être contactée.", textVersion = "v1", capturedAt, ipAddress = "203.0.113.7", userAgent = "test",
                    sourceUrl = "https://exemple.fr", partners = new[] { "Cabinet Martin" } },
            });
            var response = await app.CreateApiClient(providerKey).PostAsJsonAsync("/api/v1/leads/bulk", new { leads });
            var ids = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("id").GetGuid()).ToList();

            (await Eventually.TrueAsync(() => listed.Count >= ids.Count)).Should().BeTrue($"{listed.Count} of {ids.Count} leads arrived");
            listed.Select(e => e.GetProperty("id").GetGuid()).Should().Equal(ids);
            listed.Should().OnlyContain(e => e.GetProperty("departement").GetString() == "2A" && e.GetProperty("city").GetString() == "Ajaccio");
            var raw = string.Join("\n", listed.Select(e => e.GetRawText()));
            raw.ShouldNotRevealAny(Enumerable.Range(0, 200).Select(i => new Contact("Éloïse", "Dupont", $"06{40_000_000 + i}", $"two.{i}@exemple.fr")),
                "the other process's hub events");
        }
        finally
        {
            other.Kill(entireProcessTree: true);
            await other.WaitForExitAsync();
        }
    }

    private static async Task<HubConnection> ConnectAsync(Process other, int port, string apiKey)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl($"http://127.0.0.1:{port}/hubs/market", o => o.Headers["X-Api-Key"] = apiKey)
            .Build();
        (await Eventually.TrueAsync(async () => await TryStartAsync(hub), TimeSpan.FromSeconds(60))).Should().BeTrue(Describe(other));
        return hub;
    }

    private async Task SellAndWatchAsync(Process other, int port, string watcherKey, string buyerKey, Guid leadId)
    {
        await using var hub = await ConnectAsync(other, port, watcherKey);
        var sold = new ConcurrentQueue<JsonElement>();
        hub.On<JsonElement>("LeadSold", e => sold.Enqueue(e));

        var buyer = app.CreateApiClient(buyerKey);
        var hold = await (await buyer.PostAsync($"/api/v1/market/{leadId}/reserve", null)).Content.ReadFromJsonAsync<JsonElement>();
        (await buyer.PostAsJsonAsync($"/api/v1/reservations/{hold.GetProperty("reservationId").GetGuid()}/pay", new { method = "credits" }))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        (await Eventually.TrueAsync(() => sold.Any(e => e.GetProperty("leadId").GetGuid() == leadId))).Should().BeTrue();
    }

    private Process StartSecondProcess(int port)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "LeadsAssurance.Web.dll")}\" --urls http://127.0.0.1:{port}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["ConnectionStrings__Default"] = app.ConnectionString;
        info.Environment["Database__MigrateOnStartup"] = "false";
        info.Environment["Demo__Enabled"] = "false";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } };
        return process;
    }

    private static async Task<bool> TryStartAsync(HubConnection hub)
    {
        try
        {
            await hub.StartAsync();
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static string Describe(Process p) => p.HasExited ? $"the second process exited with {p.ExitCode}" : "the second process did not answer";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
