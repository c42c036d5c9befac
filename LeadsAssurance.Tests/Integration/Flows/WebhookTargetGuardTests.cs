using System.Net;
using System.Net.Http.Json;
using LeadsAssurance.Domain.Flows.Webhooks;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>The SSRF guard: internal addresses refused when a flow is saved and at each connection (Production's setting).</summary>
public class WebhookTargetGuardTests
{
    private static WebhookTargetGuard Guard(bool allowPrivate) => new(Options.Create(new FlowWebhookOptions { AllowPrivateTargets = allowPrivate }));

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.1.2.3/")]
    [InlineData("https://172.20.0.5/")]
    [InlineData("http://192.168.1.10/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public async Task AnInternalAddressIsRefused(string url) =>
        (await Guard(allowPrivate: false).CheckAsync(url)).Should().Be(WebhookTargetGuard.Refused);

    [Theory]
    [InlineData("ftp://crm.exemple.fr/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("https://user:secret@crm.exemple.fr/")]
    [InlineData("pas une adresse")]
    public async Task OnlyPlainHttpAndHttpsUrlsAreAccepted(string url) =>
        (await Guard(allowPrivate: true).CheckAsync(url)).Should().NotBeNull();

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("203.0.113.7", true)]
    [InlineData("2a00:1450:4007:80e::200e", true)]
    [InlineData("172.15.255.255", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("198.18.0.1", false)]
    public void PublicAddressesAreTellApartFromReservedOnes(string address, bool isPublic) =>
        WebhookTargetGuard.IsPublic(IPAddress.Parse(address)).Should().Be(isPublic);

    [Fact]
    public async Task TheConnectionItselfIsRefusedSoARebindingNameGainsNothing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var guard = Guard(allowPrivate: false);
        using var client = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync });

        var call = () => client.PostAsJsonAsync(receiver.Url, new { test = true });

        (await call.Should().ThrowAsync<HttpRequestException>()).WithMessage($"*{WebhookTargetGuard.Refused}*");
        receiver.Calls.Should().BeEmpty();
        using var allowed = new HttpClient(new SocketsHttpHandler { ConnectCallback = Guard(allowPrivate: true).ConnectAsync });
        (await allowed.PostAsJsonAsync(receiver.Url, new { test = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        receiver.Calls.Should().ContainSingle();
    }
}

/// <summary>In Production the API refuses, with a per-field error, a flow whose webhook points inside the network.</summary>
public class WebhookTargetProductionTests
{
    [Fact]
    public async Task AProductionServerRefusesALoopbackWebhookWith400()
    {
        await using var app = await AppFactory.StartAsync(new MarketFactory
        {
            Settings = new() { ["Flows:AllowPrivateTargets"] = "false" },
        });
        var (_, broker) = await new FlowWorld(app, app.Clock.GetUtcNow()).BrokerAsync();

        var response = await broker.PostAsJsonAsync("/api/v1/flows", new
        {
            name = "CRM", productCodes = new[] { "MUTUELLE_SANTE" }, webhookUrl = "http://127.0.0.1:9/hook",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        problem.GetProperty("errors").GetProperty("webhookUrl")[0].GetString().Should().Be(WebhookTargetGuard.Refused);
    }
}
