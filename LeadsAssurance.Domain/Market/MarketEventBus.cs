using System.Text.Json;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Market;

/// <summary>
/// Market events travel through PostgreSQL NOTIFY, sent inside the transaction that caused them: PostgreSQL delivers
/// them on commit only, to every app process listening (see <see cref="MarketEventListener"/>), this one included.
/// </summary>
public static class MarketEventBus
{
    public const string Channel = "market_events";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task NotifyAsync(AppDbContext db, MarketEvent e, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {JsonSerializer.Serialize(e, Json)})", ct);

    public static MarketEvent? Parse(string payload) => JsonSerializer.Deserialize<MarketEvent>(payload, Json);
}
