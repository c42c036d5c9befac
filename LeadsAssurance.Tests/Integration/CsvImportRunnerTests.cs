using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Ingestion.Csv;
using LeadsAssurance.Domain.Market;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LeadsAssurance.Tests.Integration;

/// <summary>Who runs an import and what happens when it cannot finish: resumed by the next node to start, left to the node that holds it, failed with what was committed kept.</summary>
public class CsvImportRunnerTests(ImportRunnerFactory app) : IClassFixture<ImportRunnerFactory>
{
    private const int Batch = ImportRunnerFactory.BatchSize;

    private LeadImports Imports => app.Services.GetRequiredService<LeadImports>();

    private async Task<LeadImport> ImportAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task<int> LeadsOfAsync(Guid providerId)
    {
        await using var db = app.CreateDbContext();
        return await db.Leads.CountAsync(l => l.ProviderId == providerId);
    }

    [Fact]
    public async Task AnImportLeftRunningByAStoppedNodeIsResumedByTheNextNodeThatStarts()
    {
        var (providerId, id, _) = await MutuelleCsv.CreateImportAsync(app, Imports, Enumerable.Range(0, Batch * 3).Select(_ => MutuelleCsv.Row()));
        using var stop = new CancellationTokenSource();
        var notifier = app.Services.GetRequiredService<ImportProgressNotifier>();
        void OnProgress(ImportProgressed p) { if (p.ImportId == id) stop.Cancel(); }
        notifier.Changed += OnProgress;
        // The node stops after its first batch, as a process killed mid-import would.
        await ((Func<Task>)(() => Imports.RunAsync(id, stop.Token))).Should().ThrowAsync<OperationCanceledException>();
        notifier.Changed -= OnProgress;
        var interrupted = await ImportAsync(id);
        interrupted.Status.Should().Be(ImportStatus.Running);
        interrupted.RowsDone.Should().BeInRange(Batch, 2 * Batch).And.Be(await LeadsOfAsync(providerId));

        await using var next = await SecondNodeFactory.StartAsync(app);
        var completed = await Eventually.TrueAsync(async () => (await ImportAsync(id)).Status == ImportStatus.Completed, TimeSpan.FromSeconds(30));

        completed.Should().BeTrue("the runner of a node that starts picks up the imports left unfinished");
        var done = await ImportAsync(id);
        (done.RowsDone, done.Accepted, done.Duplicates).Should().Be((Batch * 3, Batch * 3, 0));
        (await LeadsOfAsync(providerId)).Should().Be(Batch * 3, "the resumed import starts after the last committed row");
    }

    [Fact]
    public async Task AnImportAnotherNodeIsRunningIsLeftToItThenTakenOverWhenItsLockGoes()
    {
        var (providerId, id, _) = await MutuelleCsv.CreateImportAsync(app, Imports, Enumerable.Range(0, Batch).Select(_ => MutuelleCsv.Row()));
        // Another node runs it: it holds the import's advisory lock on its own connection.
        await using var otherNode = new NpgsqlConnection(app.ConnectionString);
        await otherNode.OpenAsync();
        await using (var take = new NpgsqlCommand("select pg_advisory_lock(hashtextextended($1, 7))", otherNode) { Parameters = { new() { Value = id.ToString() } } })
            await take.ExecuteNonQueryAsync();

        var ranHere = await Imports.RunAsync(id);

        ranHere.Should().BeFalse("this node leaves an import another node is running");
        var untouched = await ImportAsync(id);
        (untouched.Status, untouched.RowsDone).Should().Be((ImportStatus.Ready, 0));
        (await LeadsOfAsync(providerId)).Should().Be(0);

        await using var helper = await SecondNodeFactory.StartAsync(app, new() { ["Import:ResumeInterval"] = "00:00:01", ["Import:BatchSize"] = $"{Batch}" });
        await otherNode.CloseAsync(); // the other node died: its session, and its lock, are gone
        var completed = await Eventually.TrueAsync(async () => (await ImportAsync(id)).Status == ImportStatus.Completed, TimeSpan.FromSeconds(30));

        completed.Should().BeTrue("a node's runner takes the import over once no one holds it");
        (await LeadsOfAsync(providerId)).Should().Be(Batch);
    }

    [Fact]
    public async Task AFileThatBecomesUnreadableMidwayFailsTheImportInFrenchAndKeepsTheCommittedRows()
    {
        var rows = Enumerable.Range(0, Batch * 3).Select(_ => MutuelleCsv.Row()).ToList();
        var (providerId, id, file) = await MutuelleCsv.CreateImportAsync(app, Imports, rows);
        // The stored file is damaged after it was checked (a shared folder, a disk): after row 60 comes a quote that never closes.
        var damaged = MutuelleCsv.File(rows.Take(Batch + 10)) + "Élodie;\"Dupont;06 12 00 00 00;x@exemple.fr\r\n";
        await File.WriteAllBytesAsync(Path.Combine(app.ImportFolder, file.StoredFile), CsvSniffer.Windows1252.GetBytes(damaged));

        var ran = await Imports.RunAsync(id);

        ran.Should().BeTrue();
        var failed = await ImportAsync(id);
        failed.Status.Should().Be(ImportStatus.Failed);
        failed.Failure.Should().Be($"Guillemet non fermé dans l'enregistrement commençant ligne {Batch + 12}.");
        failed.RowsDone.Should().Be(Batch, "the batch committed before the damage stays");
        (await LeadsOfAsync(providerId)).Should().Be(Batch);
        (await Imports.GetAsync(providerId, id))!.Failure.Should().StartWith("Guillemet non fermé", "the provider's page shows why");
    }
}
