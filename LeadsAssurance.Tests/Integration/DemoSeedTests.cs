using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Demo;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

public class DemoSeedTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    [Fact]
    public async Task DemoDataHasTheListedAccountsAllActive()
    {
        _ = app.Server;
        await using var db = app.CreateDbContext();

        var accounts = await db.Users.Where(u => u.Email!.EndsWith(".fr") && u.Email != AppFactory.AdminEmail).ToListAsync();

        accounts.Select(a => a.Email).Should().BeEquivalentTo(DemoAccounts.All.Select(a => a.Email));
        accounts.Should().OnlyContain(a => a.Status == AccountStatus.Active);
        accounts.Count(a => a.Role == AccountRole.Broker).Should().Be(3);
        accounts.Count(a => a.Role == AccountRole.Provider).Should().Be(2);
    }

    [Fact]
    public async Task DemoLeadsAreOnSaleAcrossProductsAndDepartementsWithAnIntactConsentChain()
    {
        _ = app.Server;
        await using var db = app.CreateDbContext();

        var leads = await db.Leads.AsNoTracking().ToListAsync();
        var consents = await db.ConsentRecords.AsNoTracking().OrderBy(c => c.ChainPosition).ToListAsync();

        leads.Should().HaveCount(DemoDataSeeder.LeadCount).And.OnlyContain(l => l.Status == LeadStatus.Stock);
        leads.Select(l => l.ProductCode).Distinct().Should().HaveCount(18);
        leads.Select(l => l.Departement).Distinct().Count().Should().BeGreaterThan(20);
        leads.Should().Contain(l => l.Departement == "2A").And.Contain(l => l.Departement == "974");
        consents.Select(c => c.ChainPosition).Should().Equal(Enumerable.Range(1, leads.Count).Select(i => (long)i));
        var previous = ConsentChainHead.GenesisHash;
        foreach (var consent in consents)
        {
            var lead = leads.Single(l => l.Id == consent.LeadId);
            consent.PreviousHash.Should().Be(previous);
            var contact = new LeadContact(lead.FirstName, lead.LastName, lead.Phone, lead.Email, lead.ZipCode, lead.City);
            consent.FormatVersion.Should().Be(ConsentHasher.FormatVersion);
            IdentityDigest.Compute(lead.IdentitySalt!, contact).Should().Be(consent.IdentityDigest);
            ConsentHasher.ComputeHash(new ConsentHashInput(lead.Id, lead.ProviderId, lead.ProductCode, contact,
                consent.Text, consent.TextVersion, consent.Partners, consent.CapturedAt, consent.IpAddress,
                consent.UserAgent, consent.SourceUrl, consent.ChainPosition, consent.PreviousHash, consent.IdentityDigest))
                .Should().Be(consent.ProofHash);
            previous = consent.ProofHash;
        }
    }

    [Theory]
    [InlineData("update consent_records set ip_address = '1.2.3.4'", "consent_records", "UPDATE")]
    [InlineData("delete from consent_records", "consent_records", "DELETE")]
    [InlineData("truncate consent_records cascade", "consent_records", "TRUNCATE")]
    [InlineData("update credit_ledger set amount = 1000", "credit_ledger", "UPDATE")]
    [InlineData("delete from credit_ledger", "credit_ledger", "DELETE")]
    [InlineData("delete from audit_log", "audit_log", "DELETE")]
    public async Task AppendOnlyTablesRefuseChanges(string sql, string table, string operation)
    {
        _ = app.Server;
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        // Rolled back whatever happens: were a trigger missing, the other tests' demo data would stay whole.
        await using var tx = await connection.BeginTransactionAsync();
        await using (var audit = new NpgsqlCommand("insert into audit_log (at, action, subject) values (now(), 'test', 'row')", connection, tx))
            await audit.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(sql, connection, tx);

        var act = () => command.ExecuteNonQueryAsync();

        var refused = (await act.Should().ThrowAsync<PostgresException>()).Which;
        refused.SqlState.Should().Be(PostgresErrorCodes.RestrictViolation);
        refused.MessageText.Should().Be($"{table} is append-only: {operation} refused");
        await tx.RollbackAsync();
    }
}
