using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LeadsAssurance.Domain.Data;

/// <summary>The one place that says how the context talks to PostgreSQL, shared by the app, the tests and dotnet-ef.</summary>
public static class AppDbContextOptions
{
    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    /// <summary>The app's contexts draw from the node's shared, bounded pool (<see cref="DatabaseConnections.Main"/>).</summary>
    public static DbContextOptionsBuilder UseAppDatabase(this DbContextOptionsBuilder options, Npgsql.NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();

    public static AppDbContext Create(string connectionString) =>
        new((DbContextOptions<AppDbContext>)new DbContextOptionsBuilder<AppDbContext>().UseAppDatabase(connectionString).Options);
}

/// <summary>Lets dotnet-ef build the model without starting the app; it never connects when adding migrations.</summary>
internal sealed class DesignTimeAppDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        AppDbContextOptions.Create("Host=127.0.0.1;Database=leadsassurance_design");
}
