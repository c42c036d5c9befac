using System.Diagnostics;
using System.Net;
using System.Text;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Jobs;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The daily Ed25519 seal of the consent chain's head: once per Paris day, checkable with openssl, shown by /verify.</summary>
public class ConsentChainSealTests
{
    /// <summary>23:30 in Paris on 24/11/2026 (22:30 UTC): half an hour before the next Paris day.</summary>
    private static readonly DateTimeOffset LateEvening = new(2026, 11, 24, 22, 30, 0, TimeSpan.Zero);

    private static async Task<List<string>> AddLeadsAsync(SealFactory app, int count)
    {
        await using var db = app.CreateDbContext();
        var provider = (await TestData.AddAccountsAsync(db, AccountRole.Provider, 1, app.Clock.GetUtcNow()))[0];
        var leads = await TestData.AddLeadsAsync(db, provider, count, app.Clock.GetUtcNow());
        var ids = leads.Select(l => l.Id).ToList();
        return await db.ConsentRecords.Where(c => ids.Contains(c.LeadId)).OrderBy(c => c.ChainPosition).Select(c => c.ProofHash).ToListAsync();
    }

    private static ValueTask RunJobAsync(SealFactory app) =>
        ActivatorUtilities.CreateInstance<SignChainHeadJob>(app.Services).Execute(null!, CancellationToken.None);

    [Fact]
    public async Task TheJobSealsTheChainHeadOncePerParisDay()
    {
        await using var app = await AppFactory.StartAsync(new SealFactory { Clock = new(LateEvening) });
        var first = await AddLeadsAsync(app, 3);

        await RunJobAsync(app);
        await AddLeadsAsync(app, 2);
        app.Clock.SetUtcNow(LateEvening.AddMinutes(29)); // 23:59 in Paris: still the 24th
        await RunJobAsync(app);
        await using (var db = app.CreateDbContext())
        {
            var seals = await db.SignedChainHeads.ToListAsync();
            seals.Should().ContainSingle();
            seals[0].Day.Should().Be(new DateOnly(2026, 11, 24));
            seals[0].HeadHash.Should().Be(first[^1], "the 24th's seal is the head when the job first ran that day");
        }
        app.Clock.SetUtcNow(LateEvening.AddMinutes(31)); // 00:01 in Paris on the 25th, still the 24th in UTC
        await RunJobAsync(app);
        await RunJobAsync(app);

        await using var check = app.CreateDbContext();
        var all = await check.SignedChainHeads.OrderBy(h => h.Day).ToListAsync();
        var head = await check.ConsentChainHeads.SingleAsync();
        all.Select(h => h.Day).Should().Equal(new DateOnly(2026, 11, 24), new DateOnly(2026, 11, 25));
        all[1].Position.Should().Be(head.Position);
        all[1].HeadHash.Should().Be(head.Hash);
        all.Should().OnlyContain(h => app.Services.GetRequiredService<SignedChainHeads>().Check(h));
    }

    [Fact]
    public async Task ASealVerifiesWithTheReadmeOpensslCommandAndATamperedOneFails()
    {
        await using var app = await AppFactory.StartAsync(new SealFactory { Clock = new(LateEvening) });
        await AddLeadsAsync(app, 2);
        var seals = app.Services.GetRequiredService<SignedChainHeads>();
        var seal = (await seals.SignTodayAsync())!;
        var signer = app.Services.GetRequiredService<ChainHeadSigner>();

        var folder = Directory.CreateTempSubdirectory("seal-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "pub.pem"), signer.PublicKeyPem);
        await File.WriteAllBytesAsync(Path.Combine(folder, "message"), Encoding.UTF8.GetBytes(
            $"leadsassurance-consent-chain-head:v1|2026-11-24|{seal.Position}|{seal.HeadHash}"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "signature"), Convert.FromBase64String(seal.Signature));
        var openssl = await OpensslVerifyAsync(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "message"), Encoding.UTF8.GetBytes(
            $"leadsassurance-consent-chain-head:v1|2026-11-24|{seal.Position + 1}|{seal.HeadHash}"));
        var opensslTampered = await OpensslVerifyAsync(folder);
        Directory.Delete(folder, recursive: true);

        seals.Check(seal).Should().BeTrue();
        openssl.Should().Be((0, "Signature Verified Successfully"));
        opensslTampered.ExitCode.Should().NotBe(0);
        var signature = Convert.FromBase64String(seal.Signature);
        seals.Check(new SignedChainHead(seal.Day, seal.Position - 1, seal.HeadHash, seal.SignedAt, signature, signer.PublicKey)).Should().BeFalse();
        seals.Check(new SignedChainHead(seal.Day.AddDays(1), seal.Position, seal.HeadHash, seal.SignedAt, signature, signer.PublicKey)).Should().BeFalse();
        seals.Check(new SignedChainHead(seal.Day, seal.Position, new string('0', 64), seal.SignedAt, signature, signer.PublicKey)).Should().BeFalse();
    }

    [Fact]
    public async Task TheVerifyPageShowsTheSealCoveringTheProofAndATamperedSeal()
    {
        await using var app = await AppFactory.StartAsync(new SealFactory { Clock = new(LateEvening) });
        var proofs = await AddLeadsAsync(app, 2);
        var seal = (await app.Services.GetRequiredService<SignedChainHeads>().SignTodayAsync())!;
        var later = await AddLeadsAsync(app, 1);
        var client = app.CreateClient();

        var covered = WebUtility.HtmlDecode(await client.GetStringAsync($"/verify/{proofs[0]}"));
        var newer = WebUtility.HtmlDecode(await client.GetStringAsync($"/verify/{later[0]}"));
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            // Forging a seal needs the append-only trigger out of the way first, as an intruder with the database would.
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            foreach (var sql in new[]
            {
                "alter table signed_chain_heads disable trigger signed_chain_heads_append_only",
                $"update signed_chain_heads set position = position + 1, head_hash = '{later[0]}'",
                "alter table signed_chain_heads enable trigger signed_chain_heads_append_only",
            })
            {
                await using var forge = new NpgsqlCommand(sql, connection, tx);
                await forge.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        var forged = WebUtility.HtmlDecode(await client.GetStringAsync($"/verify/{proofs[0]}"));

        covered.Should().Contain("Signature valide : le scellement du 24/11/2026 couvre cette preuve (chaîne de")
            .And.Contain(seal.HeadHash).And.Contain(seal.Signature).And.Contain("-----BEGIN PUBLIC KEY-----")
            .And.Contain($"leadsassurance-consent-chain-head:v1|2026-11-24|{seal.Position}|{seal.HeadHash}");
        newer.Should().Contain("Cette preuve est plus récente que le dernier scellement (24/11/2026) : le prochain la couvrira.");
        forged.Should().Contain("Signature invalide").And.NotContain("Signature valide");
    }

    [Fact]
    public async Task AMalformedSigningKeyStopsTheAppAtStartUp()
    {
        await using var app = new MarketFactory { Settings = { ["Consent:SigningKey"] = "bm90IGEga2V5" } };
        await app.InitializeAsync();

        var start = () => app.Server;

        start.Should().Throw<Exception>().Which.ToString().Should().Contain("Consent:SigningKey must be a 32-byte Ed25519 seed in base64");
    }

    [Fact]
    public void ALocalRunKeepsOneGeneratedKeyUnderItsDataFolderAndAConfiguredServerGetsNone()
    {
        var folder = Directory.CreateTempSubdirectory("seal-key-").FullName;

        var first = SigningKey("Development", folder, sharedServer: true);
        var again = SigningKey("Testing", folder, sharedServer: false);
        var server = SigningKey("Production", folder, sharedServer: true);
        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(Path.Combine(folder, "consent-signing-key"));
        Directory.Delete(folder, recursive: true);

        Convert.FromBase64String(first!).Should().HaveCount(32);
        again.Should().Be(first, "the embedded local run reads back the key it generated");
        server.Should().BeNull("a configured server signs only with Consent:SigningKey");
        mode.Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string? SigningKey(string environment, string dataFolder, bool sharedServer)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings
        {
            EnvironmentName = environment, DisableDefaults = true,
        });
        LeadsAssurance.Web.Hosting.ConsentSigningSetup.AddConsentSigningKey(builder, dataFolder, sharedServer);
        builder.Services.AddOptions<ConsentSigningOptions>();
        using var host = builder.Build();
        return host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConsentSigningOptions>>().Value.SigningKey;
    }

    private static async Task<(int ExitCode, string Output)> OpensslVerifyAsync(string folder)
    {
        var start = new ProcessStartInfo("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "message", "-sigfile", "signature"])
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }
}
