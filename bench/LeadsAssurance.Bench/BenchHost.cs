using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Catalog;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadsAssurance.Bench;

/// <summary>The real app, in this process, on a throwaway PostgreSQL cluster, served by Kestrel on a free port.</summary>
public sealed class BenchHost : WebApplicationFactory<Program>
{
    private readonly EmbeddedPostgres _postgres;
    private readonly string _folder;

    public BenchHost()
    {
        _folder = Path.Combine(Path.GetTempPath(), "leadsassurance-bench", Guid.NewGuid().ToString("N")[..8]);
        _postgres = EmbeddedPostgres.Start(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(_folder, "postgres"), Database = "bench" }, NullLogger.Instance);
        // The bench's own connections (raw baselines, setup) take at most as many as the app's shared pool: with the app's
        // 40 they stay within PostgreSQL's default 100, and raw and service run on pools of the same size.
        ConnectionString = new Npgsql.NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { MaxPoolSize = 30 }.ConnectionString;
    }

    public string ConnectionString { get; }
    public Uri Address { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Default", ConnectionString);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Market:MaxActiveHolds", "100");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("RateLimits:ProviderApi:PermitsPerMinute", "100000000");
        builder.UseSetting("RateLimits:ProviderApi:Burst", "1000000");
        builder.UseSetting("RateLimits:Login:PermitLimit", "100000");
        builder.UseSetting("RateLimits:UnknownApiKeys:PermitLimit", "100000");
        // The flows bench's webhook receiver listens on 127.0.0.1 (allowed outside Production already; said here so a
        // change of environment does not quietly turn every webhook into a refused call).
        builder.UseSetting("Flows:AllowPrivateTargets", "true");
        // Served over plain http: outside Development cookies are Secure, and the antiforgery cookie refuses http.
        builder.ConfigureTestServices(services =>
        {
            services.PostConfigureAll<CookieAuthenticationOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
            services.PostConfigure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        });
    }

    public void Start()
    {
        UseKestrel(0);
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Address = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
    }

    public AppDbContext Db() => AppDbContextOptions.Create(ConnectionString);

    public async Task<List<Guid>> AddBrokersAsync(int count, AccountRole role = AccountRole.Broker)
    {
        await using var db = Db();
        var now = DateTimeOffset.UtcNow;
        var users = Enumerable.Range(0, count).Select(i =>
        {
            var u = new ApplicationUser { Id = Guid.NewGuid(), Role = role, CompanyName = $"Bench {i}", CreatedAt = now, SecurityStamp = "x" };
            u.UserName = u.Email = $"bench-{u.Id:N}@bench.fr";
            u.Activate(now);
            return u;
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync();
        return [.. users.Select(u => u.Id)];
    }

    /// <summary>Leads with their consent in the chain, as ingestion would write them.</summary>
    public async Task<List<Guid>> AddLeadsAsync(Guid providerId, int count, bool exclusive = true, string consentText = "Bench consent")
    {
        await using var db = Db();
        var product = await db.Products.SingleAsync(p => p.Code == "MUTUELLE_SANTE");
        var random = new Bogus.Randomizer(7);
        var now = DateTimeOffset.UtcNow;
        var items = Enumerable.Range(0, count).Select(i =>
        {
            var phone = $"+336{random.ReplaceNumbers("########")}";
            var lead = new Lead(Guid.CreateVersion7(now), product, providerId,
                new LeadContact("Bench", "Lead", phone, $"{phone[1..]}@bench.fr", "69003", "Lyon"), "69",
                SchemaSampler.Sample(product.AttributesSchema, random, DateOnly.FromDateTime(now.UtcDateTime)).ToJsonString(), exclusive, now);
            return (lead, new ConsentCapture(consentText, "B1", now.AddMinutes(-1), "127.0.0.1", "bench", "https://bench.fr", ["Bench"]));
        }).ToList();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Leads.AddRange(items.Select(i => i.lead));
        await ConsentChain.AppendAsync(db, items, now, default);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        return [.. items.Select(i => i.lead.Id)];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        _postgres.Stop();
        // A full run leaves about a gigabyte of data: a throwaway cluster is deleted with the run.
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete the bench cluster {_folder}: {e.Message}");
        }
    }
}
