using System.Net.Sockets;
using Npgsql;

namespace LeadsAssurance.Domain.Data;

/// <summary>
/// Tells a database that is momentarily out of reach (restarting, too many clients, every pooled connection busy for
/// longer than <see cref="DatabaseOptions.ConnectionWait"/>) from a bug. The first is answered 503 with Retry-After and
/// retried by background work; the second stays a 500 and a logged error.
/// </summary>
public static class DatabaseFaults
{
    /// <summary>True when the exception, or one it wraps (EF Core wraps Npgsql's), says the server cannot serve now.</summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return IsUnavailableState(pg.SqlState);
                case NpgsqlException npgsql when npgsql.InnerException is TimeoutException or SocketException or IOException or EndOfStreamException:
                    return true;
                case NpgsqlException { IsTransient: true }:
                    return true;
                case SocketException or EndOfStreamException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>The pool had no free connection within the configured wait (the server itself answers).</summary>
    public static bool IsPoolExhausted(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is NpgsqlException { InnerException: TimeoutException } npgsql && npgsql.Message.Contains("pool", StringComparison.OrdinalIgnoreCase))
                return true;
        return false;
    }

    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) // connection exception
        || state == PostgresErrorCodes.TooManyConnections // 53300
        || state == PostgresErrorCodes.CannotConnectNow // 57P03: starting up or shutting down
        || state == PostgresErrorCodes.AdminShutdown // 57P01: pg_ctl stop/restart -m fast
        || state == PostgresErrorCodes.CrashShutdown; // 57P02
}
