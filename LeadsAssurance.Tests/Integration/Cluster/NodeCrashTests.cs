using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LeadsAssurance.Tests.EndToEnd;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace LeadsAssurance.Tests.Integration.Cluster;

/// <summary>kill -9 of a node: what it was doing is finished by the other one, once, and its users move there.</summary>
[Collection(LocalClusterCollection.Name)]
[Trait("Category", "Slow")]
public class NodeCrashTests(LocalCluster cluster)
{
    [Fact]
    public async Task HoldsOfAKilledNodeExpireOnceOnTheSurvivorWithNothingChargedAndItsBrowsersMoveThere()
    {
        var (_, providerKey, _) = await cluster.CreateAccountAsync("Provider");
        var brokers = new List<(Guid Id, string Key)>();
        for (var i = 0; i < 3; i++)
        {
            var (id, key, _) = await cluster.CreateAccountAsync("Broker");
            brokers.Add((id, key));
        }
        var (_, watcherKey, watcherEmail) = await cluster.CreateAccountAsync("Broker");
        var leads = await ClusterLeads.PostAsync(cluster, cluster.Node(1), providerKey, 3);
        await using var hub = await ClusterHub.ConnectAsync(cluster.Node(2), watcherKey);
        var released = new ConcurrentQueue<Guid>();
        hub.On<JsonElement>("LeadReleased", e => released.Enqueue(e.GetProperty("leadId").GetGuid()));
        var page = await BrowserOnNodeAsync(1, watcherEmail);
        foreach (var lead in leads)
            await Assertions.Expect(page.Locator($"[data-lead-id='{lead.Id}']")).ToBeVisibleAsync();
        for (var i = 0; i < 3; i++)
            (await cluster.Client(cluster.Node(1), brokers[i].Key).PostAsync($"/api/v1/market/{leads[i].Id}/reserve", null))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var lead in leads)
            await Assertions.Expect(page.Locator($"[data-lead-id='{lead.Id}']")).ToHaveCountAsync(0);

        await cluster.KillNodeAsync(1);
        try
        {
            var ids = leads.Select(l => l.Id).ToArray();
            (await Eventually.TrueAsync(async () => await cluster.QueryAsync<long>(
                    "select count(*) from reservations where lead_id = any($1) and status = 'Expired'", ids) == 3, LocalCluster.HoldDuration * 3))
                .Should().BeTrue("node 2 releases the holds node 1 made once they expire");
            (await Eventually.TrueAsync(() => released.Count >= 3)).Should().BeTrue();
            await Task.Delay(TimeSpan.FromSeconds(3)); // further sweeps run meanwhile: none may release again
            released.GroupBy(id => id).Should().HaveCount(3).And.OnlyContain(g => g.Count() == 1, "each hold is released exactly once");
            (await cluster.QueryAsync<long>("select count(*) from leads where id = any($1) and status = 'Stock' and held_count = 0", ids)).Should().Be(3);
            (await cluster.QueryAsync<long>("select count(*) from credit_ledger where account_id = any($1)", brokers.Select(b => b.Id).ToArray()))
                .Should().Be(0, "nothing is charged for a hold that ended");

            // The browser whose circuit lived on node 1 reconnects through nginx, lands on node 2 and shows the leads again.
            foreach (var lead in leads)
                await Assertions.Expect(page.Locator($"[data-lead-id='{lead.Id}']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }
        finally
        {
            await cluster.StartNodeAsync(1);
        }
    }

    [Fact]
    public async Task AnImportWhoseNodeIsKilledMidFileIsResumedByTheOtherWithoutADuplicate()
    {
        const int rows = 40_000;
        var (providerId, _, email) = await cluster.CreateAccountAsync("Provider");
        var file = await WriteCsvAsync(rows);
        var page = await cluster.NewPageAsync(cluster.Node(1));
        await page.LogInAsync(email, ClusterApi.Password);
        await page.GotoAsync("/provider/import");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("import-product").ClickAsync();
        await page.GetByText("Assurance animaux").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-file")).ToBeEnabledAsync();
        await page.GetByTestId("import-file").SetInputFilesAsync(file);
        await page.GetByTestId("import-mapping").WaitForAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("import-start").ClickAsync();

        // Whichever node took the import (its advisory lock names the connection's node), kill it halfway.
        var import = await WaitForAsync(() => cluster.QueryAsync<object?>("select id from lead_imports where provider_id = $1", providerId));
        int node = 0;
        (await Eventually.TrueAsync(async () =>
        {
            var done = await cluster.QueryAsync<int>("select rows_done from lead_imports where id = $1", import);
            node = await RunnerNodeAsync((Guid)import);
            return done > 0 && node > 0;
        }, TimeSpan.FromSeconds(60))).Should().BeTrue("the import starts on a node");
        await cluster.KillNodeAsync(node);
        var killedAt = await cluster.QueryAsync<int>("select rows_done from lead_imports where id = $1", import);
        try
        {
            killedAt.Should().BeLessThan(rows, "the node was killed mid-file");
            (await Eventually.TrueAsync(async () => await cluster.QueryAsync<string>("select status from lead_imports where id = $1", import) == "Completed",
                TimeSpan.FromSeconds(90))).Should().BeTrue("the surviving node resumes the import");

            (await cluster.QueryAsync<int>("select rows_done from lead_imports where id = $1", import)).Should().Be(rows);
            (await cluster.QueryAsync<int>("select accepted from lead_imports where id = $1", import)).Should().Be(rows);
            (await cluster.QueryAsync<long>("select count(*) from leads where provider_id = $1", providerId)).Should().Be(rows);
            (await cluster.QueryAsync<long>("select count(distinct phone) from leads where provider_id = $1", providerId)).Should().Be(rows);
            (await cluster.QueryAsync<long>("select count(*) from consent_records where provider_id = $1", providerId)).Should().Be(rows);
        }
        finally
        {
            await cluster.StartNodeAsync(node);
            File.Delete(file);
        }
    }

    /// <summary>A browser whose circuit lives on the given node, reached through nginx (sticky by its cookie).</summary>
    private async Task<IPage> BrowserOnNodeAsync(int node, string email)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var page = await cluster.NewPageAsync();
            var response = await page.GotoAsync("/Account/Login");
            if (response!.Headers.GetValueOrDefault("x-served-by") != $"{cluster.Node(node).Host}:{cluster.Node(node).Port}")
            {
                await page.Context.CloseAsync();
                continue;
            }
            await page.LogInAsync(email, ClusterApi.Password);
            await page.GotoAsync("/market?product=MUTUELLE_SANTE");
            await page.WaitForCircuitAsync();
            return page;
        }
        throw new InvalidOperationException($"nginx never sent a new browser to node {node}");
    }

    private async Task<int> RunnerNodeAsync(Guid import)
    {
        var name = await cluster.QueryAsync<string?>("""
            select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
             where l.locktype = 'advisory' and l.objsubid = 1 and l.granted
               and ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 7)
            """, import.ToString());
        return name is null ? 0 : int.Parse(name["leadsassurance-node".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read)
    {
        T? value = default;
        (await Eventually.TrueAsync(async () => (value = await read()) is not null, TimeSpan.FromSeconds(60))).Should().BeTrue();
        return value!;
    }

    private static async Task<string> WriteCsvAsync(int rows)
    {
        var consent = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(-30), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"))
            .ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        var csv = new StringBuilder("Prénom;Nom;Téléphone;E-mail;Code postal;Ville;Espèce;Date de naissance de l'animal;Formule;Consentement;Version;Date du consentement;Adresse IP;Navigateur;URL;Partenaires\r\n");
        for (var i = 0; i < rows; i++)
        {
            var phone = ClusterLeads.NewPhone();
            csv.Append($"Léa;Martin;{phone};import.{phone}@exemple.fr;20200;Bastia;Chien;01/03/2022;Intégrale avec prévention;J'accepte;v1;{consent};203.0.113.1;Mozilla;https://exemple.fr;Cabinet A\r\n");
        }
        var path = Path.Combine(Path.GetTempPath(), $"cluster-import-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, csv.ToString(), new UTF8Encoding(false));
        return path;
    }
}
