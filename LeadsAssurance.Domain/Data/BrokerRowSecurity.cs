using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LeadsAssurance.Domain.Data;

/// <summary>
/// Defence in depth for the reads that return a broker's bought contacts ("Mes achats", the API's purchases, the CSV
/// export, certificates): they run in a transaction switched to the role <see cref="Role"/>, with the broker's id in
/// <see cref="BrokerSetting"/>. PostgreSQL's row-level security then shows that role only this broker's purchases and
/// the leads among them, so a query that forgot its broker filter still cannot return another broker's contacts. Both
/// settings are local to the transaction, so a pooled connection goes back to the app's own role when it ends.
/// </summary>
public static class BrokerRowSecurity
{
    public const string Role = "leads_broker_reader";
    public const string BrokerSetting = "leads.broker_id";

    /// <summary>Opens the transaction the broker's reads run in (one round trip); dispose it when they are done.</summary>
    public static async Task<IDbContextTransaction> BeginAsync(AppDbContext db, Guid brokerId, CancellationToken ct = default)
    {
        var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(
            $"select set_config('{BrokerSetting}', {{0}}, true), set_config('role', '{Role}', true)", [brokerId.ToString()], ct);
        return tx;
    }
}
