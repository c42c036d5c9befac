using System.Text;
using System.Text.Json;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Bench;

/// <summary>
/// The flows bench's market, set up through the services the app uses: brokers topped up by the ledger, 1,000 active
/// Mutuelle santé flows created by <see cref="FlowService"/> (every one a candidate for every row of the file, the
/// router's hardest case), and CSV files whose rows fall half in the départements where 200 of them buy.
/// </summary>
public sealed class FlowBenchWorld(BenchHost host)
{
    public const int Flows = 1000;
    public const int Brokers = 250;
    public const decimal Credits = 100_000m;
    /// <summary>Half the file's rows, one in two, in these ten départements: 20 capped flows buy in each.</summary>
    private static readonly (string Zip, string City)[] Matched =
        [("13001", "Marseille"), ("33000", "Bordeaux"), ("31000", "Toulouse"), ("59000", "Lille"), ("44000", "Nantes"),
         ("67000", "Strasbourg"), ("35000", "Rennes"), ("06000", "Nice"), ("75001", "Paris"), ("69003", "Lyon")];
    /// <summary>The other half, where no flow buys.</summary>
    private static readonly (string Zip, string City)[] Unmatched =
        [("34000", "Montpellier"), ("21000", "Dijon"), ("29200", "Brest"), ("37000", "Tours"), ("45000", "Orléans"),
         ("49000", "Angers"), ("38000", "Grenoble"), ("76000", "Rouen"), ("51100", "Reims"), ("87000", "Limoges")];
    /// <summary>The API leads' zip (Ajaccio, 2A): 10 flows with a webhook buy there, and no row of the files falls there.</summary>
    public const string ApiZip = "20000";

    public List<Guid> BrokerIds { get; private set; } = [];
    public int Matching { get; private set; }
    public int NearMiss { get; private set; }
    public int WithWebhook { get; private set; }

    /// <summary>
    /// Flow i belongs to broker i / 4. One in five (200) buys in the file's matched départements, with a daily cap of
    /// <paramref name="dailyCap"/>; 100 more sit there too but filter on a regime no row has; 10 buy the API leads
    /// and call <paramref name="webhook"/>; the other 690 cover other départements. Priorities 1 to 10.
    /// </summary>
    public async Task<(TimeSpan Credits, TimeSpan Flows)> CreateAsync(int dailyCap, Uri webhook)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var admin = (await host.AddBrokersAsync(1, AccountRole.Admin))[0];
        BrokerIds = await host.AddBrokersAsync(Brokers);
        var ledger = host.Services.GetRequiredService<LedgerService>();
        await Parallel.ForEachAsync(BrokerIds, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (broker, ct) => await ledger.TopUpAsync(broker, Credits, $"VIR-BENCH-{broker:N}", admin, ct));
        var credits = clock.Elapsed;

        var matched = Matched.Select(p => Departements.FromZipCode(p.Zip)!).ToArray();
        var elsewhere = Departements.Codes.Except(matched).Except(Unmatched.Select(p => Departements.FromZipCode(p.Zip)!)).Where(d => d != "2A").ToArray();
        var tns = new Dictionary<string, FlowAttributeFilter> { ["regime"] = new([JsonSerializer.SerializeToElement("tns")]) };
        var service = host.Services.GetRequiredService<FlowService>();
        string Kind(int i) => i % 5 == 0 ? "matching" : i % 5 == 1 && i < 500 ? "near miss" : i % 100 == 2 ? "api" : "elsewhere";
        var requests = Enumerable.Range(0, Flows).Select(i => (Broker: BrokerIds[i / 4], Request: Kind(i) switch
        {
            "matching" => Request(i, [matched[i / 5 % matched.Length]], new FlowCaps(Daily: dailyCap)),
            "near miss" => Request(i, [matched[i / 5 % matched.Length]], new FlowCaps(Daily: 1000), tns),
            "api" => Request(i, ["2A"], null) with { WebhookUrl = webhook.ToString() },
            _ => Request(i, [.. Enumerable.Range(0, 1 + i % 3).Select(k => elsewhere[(i * 7 + k) % elsewhere.Length])], new FlowCaps(Daily: 50)),
        })).ToList();
        var kinds = Enumerable.Range(0, Flows).Select(Kind).ToList();
        (Matching, NearMiss, WithWebhook) = (kinds.Count(k => k == "matching"), kinds.Count(k => k == "near miss"), kinds.Count(k => k == "api"));
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (r, ct) => await service.CreateAsync(r.Broker, r.Request, ct));
        return (credits, clock.Elapsed - credits);
    }

    private static FlowRequest Request(int i, string[] departements, FlowCaps? caps, Dictionary<string, FlowAttributeFilter>? attributes = null) =>
        new($"Flux bench {i}", ["MUTUELLE_SANTE"], departements, Attributes: attributes, Caps: caps, Priority: 1 + i % 10);

    /// <summary>
    /// Not timed. All flows active with their counters at zero (each round hits its caps again), or all paused: the
    /// router then finds no active flow, as on a platform without flows.
    /// </summary>
    public async Task SetFlowsAsync(bool active)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            update flows set status = case when $1 then 'Active' else 'Paused' end, pause_cause = case when $1 then null else 'Broker' end,
                   day_count = 0, week_count = 0, month_count = 0, month_spend = 0
             where status <> 'Deleted'
            """, connection) { Parameters = { new() { Value = active } } };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Not timed: autovacuum would otherwise wake during whichever import comes next (the flows' rows are locked and
    /// updated by every batch).
    /// </summary>
    public async Task VacuumAsync()
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var vacuum = new NpgsqlCommand("vacuum (analyze) leads, consent_records, flows, purchases, credit_ledger, flow_deliveries", connection) { CommandTimeout = 600 };
        await vacuum.ExecuteNonQueryAsync();
    }

    /// <summary>What flows bought since <paramref name="since"/>: purchases, flows at their daily cap, and the file row of the last purchase.</summary>
    public async Task<(int Bought, int Capped, int LastRow)> BoughtAsync(DateTimeOffset since, int phoneBase)
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select count(*)::int, coalesce(max(right(l.phone, 8)::int), 0),
                   (select count(*)::int from flows where daily_cap is not null and day_count >= daily_cap)
              from purchases p join leads l on l.id = p.lead_id where p.flow_id is not null and p.purchased_at >= $1
            """, connection) { Parameters = { new() { Value = since } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt32(0), reader.GetInt32(2), reader.GetInt32(1) == 0 ? 0 : reader.GetInt32(1) - phoneBase + 1);
    }

    /// <summary>The lowest balance left, and flows paused for lack of credits (none, if the top-ups were large enough).</summary>
    public async Task<(decimal LowestBalance, int Starved)> CreditsAsync()
    {
        await using var connection = new NpgsqlConnection(host.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select (select min(b.balance) from (select sum(amount) balance from credit_ledger where account_id = any($1) group by account_id) b),
                   (select count(*)::int from flows where pause_cause = 'InsufficientCredits')
            """, connection) { Parameters = { new() { Value = BrokerIds.ToArray() } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDecimal(0), reader.GetInt32(1));
    }

    /// <summary>
    /// A Mutuelle santé file like the ingestion bench's (phones 07 + <paramref name="phoneBase"/> + i, e-mails tagged
    /// per file, so nothing is a duplicate), its rows alternating between a matched and an unmatched département.
    /// </summary>
    public static async Task<string> WriteCsvAsync(int rows, int phoneBase, string tag, string consentParis)
    {
        var path = Path.Combine(Path.GetTempPath(), $"bench-flows-{tag}-{Guid.NewGuid():N}.csv");
        await using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        await writer.WriteLineAsync(IngestionBench.Header);
        for (var i = 0; i < rows; i++)
        {
            var (zip, city) = i % 2 == 0 ? Matched[i / 2 % Matched.Length] : Unmatched[i / 2 % Unmatched.Length];
            await writer.WriteLineAsync($"Élodie;Bench;07{phoneBase + i};elodie.{i}@{tag}.fr;{zip};{city};Régime général;Couple;17/05/1980;Confort;" +
                                        $"\"J'accepte d'être rappelée\";v2;{consentParis};203.0.113.9;Mozilla/5.0;https://exemple.fr/mutuelle;Cabinet A|Cabinet B");
        }
        return path;
    }
}
