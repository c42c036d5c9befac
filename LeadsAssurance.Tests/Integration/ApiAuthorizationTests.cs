using System.Net;
using System.Text;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>
/// Every /api/v1 route, read from the app's own endpoints so that a new one cannot be forgotten, called with no key,
/// an unknown key, a pending and a suspended account, each wrong role, and another owner's id (API.md "Authentication").
/// </summary>
public class ApiAuthorizationTests(AuthorizationWorld world) : IClassFixture<AuthorizationWorld>
{
    /// <summary>Who may call a route.</summary>
    public enum Access
    {
        /// <summary>Anyone, on purpose (the public consent check).</summary>
        Anonymous,
        /// <summary>Any role, a pending account too (GET /me, where it learns it waits for approval).</summary>
        AnyAccount,
        /// <summary>Any role, once approved.</summary>
        AnyActive,
        Admin,
        Broker,
        Provider,
        BrokerOrAdmin,
    }

    /// <summary>What belongs to another broker, for routes whose id must then answer 404.</summary>
    public enum Owned { None, Reservation, BoughtLead, LedgerEntry, Flow, Delivery }

    private static readonly (string Method, string Pattern, Access Access, Owned Owned)[] Table =
    [
        ("POST", "/api/v1/admin/accounts/", Access.Admin, Owned.None),
        ("POST", "/api/v1/admin/accounts/{id:guid}/approve", Access.Admin, Owned.None),
        ("POST", "/api/v1/admin/accounts/{id:guid}/suspend", Access.Admin, Owned.None),
        ("POST", "/api/v1/admin/accounts/{id:guid}/api-keys", Access.Admin, Owned.None),
        ("POST", "/api/v1/admin/accounts/{id:guid}/credits", Access.Admin, Owned.None),
        ("GET", "/api/v1/me", Access.AnyAccount, Owned.None),
        ("GET", "/api/v1/products", Access.AnyActive, Owned.None),
        ("GET", "/api/v1/market", Access.Broker, Owned.None),
        ("POST", "/api/v1/market/{leadId:guid}/reserve", Access.Broker, Owned.None),
        ("POST", "/api/v1/reservations/{id:guid}/pay", Access.Broker, Owned.Reservation),
        ("DELETE", "/api/v1/reservations/{id:guid}", Access.Broker, Owned.Reservation),
        ("GET", "/api/v1/purchases", Access.Broker, Owned.None),
        ("POST", "/api/v1/leads/", Access.Provider, Owned.None),
        ("POST", "/api/v1/leads/bulk", Access.Provider, Owned.None),
        ("GET", "/api/v1/leads/", Access.Provider, Owned.None),
        ("GET", "/api/v1/consents/{proofHash}", Access.Anonymous, Owned.None),
        ("GET", "/api/v1/purchases.csv", Access.Broker, Owned.None),
        ("GET", "/api/v1/purchases/certificates.zip", Access.Broker, Owned.None),
        ("GET", "/api/v1/purchases/{leadId:guid}/certificate.pdf", Access.BrokerOrAdmin, Owned.BoughtLead),
        ("GET", "/api/v1/purchases/{leadId:guid}/consent-page", Access.BrokerOrAdmin, Owned.BoughtLead),
        ("GET", "/api/v1/credits/statements/{month}.pdf", Access.Broker, Owned.None),
        ("GET", "/api/v1/credits/receipts/{entryId:long}.pdf", Access.Broker, Owned.LedgerEntry),
        ("GET", "/api/v1/flows", Access.Broker, Owned.None),
        ("POST", "/api/v1/flows", Access.Broker, Owned.None),
        ("GET", "/api/v1/flows/{id:guid}", Access.Broker, Owned.Flow),
        ("PUT", "/api/v1/flows/{id:guid}", Access.Broker, Owned.Flow),
        ("DELETE", "/api/v1/flows/{id:guid}", Access.Broker, Owned.Flow),
        ("POST", "/api/v1/flows/{id:guid}/pause", Access.Broker, Owned.Flow),
        ("POST", "/api/v1/flows/{id:guid}/resume", Access.Broker, Owned.Flow),
        ("POST", "/api/v1/flows/{id:guid}/rotate-secret", Access.Broker, Owned.Flow),
        ("GET", "/api/v1/flows/{id:guid}/deliveries", Access.Broker, Owned.Flow),
        ("POST", "/api/v1/deliveries/{id:guid}/resend", Access.Broker, Owned.Delivery),
        ("GET", "/api/v1/dispute-reasons", Access.AnyActive, Owned.None),
        ("POST", "/api/v1/purchases/{leadId:guid}/dispute", Access.Broker, Owned.BoughtLead),
        ("GET", "/api/v1/disputes", Access.BrokerOrAdmin, Owned.None),
        ("POST", "/api/v1/admin/disputes/{id:guid}/accept", Access.Admin, Owned.None),
        ("POST", "/api/v1/admin/disputes/{id:guid}/refuse", Access.Admin, Owned.None),
        // A dispute's files: any active account may ask, only its parties (and admins) find one; others get 404.
        ("POST", "/api/v1/disputes/{id:guid}/files", Access.AnyActive, Owned.None),
        ("GET", "/api/v1/disputes/{id:guid}/files/{fileId:guid}", Access.AnyActive, Owned.None),
        ("GET", "/api/v1/purchases/{leadId:guid}/calls", Access.Broker, Owned.BoughtLead),
        ("POST", "/api/v1/purchases/{leadId:guid}/calls", Access.Broker, Owned.BoughtLead),
        ("POST", "/api/v1/admin/erasures", Access.Admin, Owned.None),
        ("POST", "/api/v1/admin/suppressions", Access.Admin, Owned.None),
        ("GET", "/api/v1/partner-lists/", Access.Provider, Owned.None),
        ("POST", "/api/v1/partner-lists/", Access.Provider, Owned.None),
        ("POST", "/api/v1/partner-lists/{id:guid}/versions", Access.Provider, Owned.None),
    ];

    public static TheoryData<string, string> Routes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (method, pattern, _, _) in Table)
                data.Add(method, pattern);
            return data;
        }
    }

    private static readonly string[] AllRoles = ["Admin", "Broker", "Provider"];

    [Fact]
    public void TheTableCoversEveryApiRouteTheAppServes()
    {
        var served = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToList();

        var listed = Table.Select(r => $"{r.Method} {r.Pattern}").ToList();

        served.Except(listed).Should().BeEmpty("each /api/v1 route says in this table who may call it: a new route needs its line");
        listed.Except(served).Should().BeEmpty("the table lists only routes the app serves");
        served.Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EachRouteRefusesWhoeverItIsNotFor(string method, string pattern)
    {
        var route = Table.Single(r => r.Method == method && r.Pattern == pattern);
        var allowed = Allowed(route.Access);
        var failures = new List<string>();
        async Task ExpectAsync(string who, string? key, Func<HttpStatusCode, bool> ok, string expected, string? path = null)
        {
            var status = await CallAsync(method, path ?? Path(pattern), key);
            if (!ok(status))
                failures.Add($"{who}: {(int)status}, expected {expected}");
        }

        if (route.Access == Access.Anonymous)
        {
            await ExpectAsync("no key", null, s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), "anonymous access");
            failures.Should().BeEmpty();
            return;
        }
        await ExpectAsync("no key", null, s => s == HttpStatusCode.Unauthorized, "401");
        await ExpectAsync("unknown key", "la_unknown_key_0123456789abcdefghij", s => s == HttpStatusCode.Unauthorized, "401");
        foreach (var role in allowed)
        {
            await ExpectAsync($"active {role}", world.Keys[(role, "Active")], s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), "access");
            await ExpectAsync($"suspended {role}", world.Keys[(role, "Suspended")], s => s == HttpStatusCode.Forbidden, "403");
            if (route.Access == Access.AnyAccount)
                await ExpectAsync($"pending {role}", world.Keys[(role, "Pending")], s => s == HttpStatusCode.OK, "200 (a pending account reads its own status)");
            else
                await ExpectAsync($"pending {role}", world.Keys[(role, "Pending")], s => s == HttpStatusCode.Forbidden, "403");
        }
        foreach (var role in AllRoles.Except(allowed))
            await ExpectAsync($"wrong role {role}", world.Keys[(role, "Active")], s => s == HttpStatusCode.Forbidden, "403");
        if (route.Owned != Owned.None)
            await ExpectAsync("another broker's id", world.Keys[("Broker", "Active")],
                s => s == HttpStatusCode.NotFound, "404", path: Path(pattern, OwnedId(route.Owned)));

        failures.Should().BeEmpty($"{method} {pattern} is for {route.Access}");
    }

    private static string[] Allowed(Access access) => access switch
    {
        Access.Admin => ["Admin"],
        Access.Broker => ["Broker"],
        Access.Provider => ["Provider"],
        Access.BrokerOrAdmin => ["Broker", "Admin"],
        _ => AllRoles,
    };

    private string OwnedId(Owned owned) => owned switch
    {
        Owned.Reservation => world.OtherBrokers.ReservationId.ToString(),
        Owned.BoughtLead => world.OtherBrokers.BoughtLeadId.ToString(),
        Owned.LedgerEntry => world.OtherBrokers.LedgerEntryId.ToString(),
        Owned.Flow => world.OtherBrokers.FlowId.ToString(),
        Owned.Delivery => world.OtherBrokers.DeliveryId.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(owned)),
    };

    /// <summary>The route with its parameters filled: well-formed values, or <paramref name="id"/> for the route's one id.</summary>
    private static string Path(string pattern, string? id = null) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:\w+)?\}", m => id ?? m.Groups[1].Value switch
        {
            "proofHash" => new string('a', 64),
            "month" => "2026-11",
            "entryId" => "1",
            _ => Guid.NewGuid().ToString(),
        });

    private async Task<HttpStatusCode> CallAsync(string method, string path, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await world.App.CreateApiClient(key).SendAsync(request);
        return response.StatusCode;
    }
}
