using LeadsAssurance.Domain.Data;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>A fresh, migrated database for one test class.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public AppDbContext CreateContext() => AppDbContextOptions.Create(ConnectionString);

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => TestPostgres.DropDatabaseAsync(ConnectionString);
}
