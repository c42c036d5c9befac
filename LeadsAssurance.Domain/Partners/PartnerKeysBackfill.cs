using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadsAssurance.Domain.Partners;

/// <summary>
/// Computes the partner keys of the accounts and leads written before they existed, once, right after the migration that
/// added them: the normal form lives in C# (<see cref="PartnerName"/>), and an SQL imitation of it would match differently.
/// </summary>
internal static class PartnerKeysBackfill
{
    /// <summary>The migration that added the columns; the backfill runs when a start-up applies it.</summary>
    public const string Migration = "NamedPartners";

    private const int BatchSize = 1000;

    public static async Task<(int Accounts, int Leads)> RunAsync(AppDbContext db, CancellationToken ct)
    {
        var accounts = await db.Users.Where(u => u.PartnerKeys == null).ToListAsync(ct);
        foreach (var account in accounts)
            account.RefreshPartnerKeys();
        await db.SaveChangesAsync(ct);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
            await connection.OpenAsync(ct);
        var leads = 0;
        while (true)
        {
            var ids = new List<Guid>();
            var keys = new List<string>();
            await using (var read = new NpgsqlCommand("""
                select l.id, coalesce(c.partners, '{}') from leads l left join consent_records c on c.lead_id = l.id
                 where l.partner_keys is null limit $1
                """, connection) { Parameters = { new() { Value = BatchSize } } })
            await using (var reader = await read.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                {
                    ids.Add(reader.GetGuid(0));
                    // The unit separator never appears in a key (PartnerName keeps letters, digits, spaces and "orias:").
                    keys.Add(string.Join('\u001f', PartnerName.KeysOf(reader.GetFieldValue<string[]>(1))));
                }
            if (ids.Count == 0)
                return (accounts.Count, leads);
            await using var write = new NpgsqlCommand("""
                update leads l set partner_keys = case when u.keys = '' then '{}'::text[] else string_to_array(u.keys, E'\x1f') end
                  from unnest($1::uuid[], $2::text[]) u(id, keys) where l.id = u.id
                """, connection) { Parameters = { new() { Value = ids.ToArray() }, new() { Value = keys.ToArray() } } };
            leads += await write.ExecuteNonQueryAsync(ct);
        }
    }
}
