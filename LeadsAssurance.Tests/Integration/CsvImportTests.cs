using System.Text;
using LeadsAssurance.Domain;
using LeadsAssurance.Domain.Consent;
using LeadsAssurance.Domain.Ingestion;
using LeadsAssurance.Domain.Ingestion.Csv;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration;

/// <summary>CSV import end to end on a real PostgreSQL: counts, report, resume, re-run, bad files.</summary>
[Collection(nameof(HeavyImports))]
[Trait("Category", "Slow")]
public class CsvImportTests(MarketFactory app) : IClassFixture<MarketFactory>
{
    private LeadImports Imports => app.Services.GetRequiredService<LeadImports>();

    private static string Row(string? phone = null, string zip = "69003", string lastName = "Dupont", string birth = "17/05/1980") =>
        MutuelleCsv.Row(phone, zip, lastName, birth);

    private const string Header = MutuelleCsv.Header;

    private async Task<(Guid ProviderId, UploadedCsv File)> UploadAsync(IEnumerable<string> rows, Encoding? encoding = null)
    {
        var (providerId, _) = await app.CreateAccountAsync("Provider", approve: true);
        var text = Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";
        var file = await Imports.UploadAsync(new MemoryStream((encoding ?? CsvSniffer.Windows1252).GetBytes(text)), "export-excel.csv");
        return (providerId, file);
    }

    private sealed class HeldLock(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, int pid) : IAsyncDisposable
    {
        public int Pid => pid;

        public async ValueTask DisposeAsync()
        {
            if (connection.State != System.Data.ConnectionState.Open)
                return;
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<Npgsql.NpgsqlConnection> OpenAsync()
    {
        var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>One value; <paramref name="pid"/>, when given, is the query's <c>@pid</c>.</summary>
    private static async Task<T> ScalarAsync<T>(Npgsql.NpgsqlConnection connection, string sql, int? pid = null)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        if (pid is { } value)
            command.Parameters.AddWithValue("pid", value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A row lock held in an open transaction on a connection of the test's own, until disposed.</summary>
    private async Task<HeldLock> LockAsync(string sql, Guid? id = null)
    {
        var connection = await OpenAsync();
        var pid = await ScalarAsync<int>(connection, "select pg_backend_pid()");
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new Npgsql.NpgsqlCommand(sql, connection, transaction))
        {
            if (id is { } value)
                command.Parameters.AddWithValue("id", value);
            await command.ExecuteNonQueryAsync();
        }
        return new HeldLock(connection, transaction, pid);
    }

    /// <summary>Waits until some session of this database waits for a lock the given backend holds.</summary>
    private async Task WaitUntilBlockingAsync(int holder)
    {
        await using var watch = await OpenAsync();
        (await Eventually.TrueAsync(async () => await ScalarAsync<bool>(watch,
                "select exists (select 1 from pg_stat_activity where datname = current_database() and @pid = any(pg_blocking_pids(pid)))", holder)))
            .Should().BeTrue("the import reaches the lock the test holds");
    }

    private async Task<LeadImport> RunAsync(Guid providerId, UploadedCsv file)
    {
        var mapping = ImportTargets.Suggest(file.Headers, await Imports.TargetsAsync("MUTUELLE_SANTE"));
        var id = await Imports.CreateAsync(providerId, "MUTUELLE_SANTE", file, mapping);
        (await Imports.RunAsync(id)).Should().BeTrue();
        await using var db = app.CreateDbContext();
        return await db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    private async Task<string> ReportAsync(Guid providerId, Guid importId)
    {
        using var output = new MemoryStream();
        (await app.Services.GetRequiredService<ImportDocuments>().WriteErrorReportAsync(providerId, importId, output)).Should().BeTrue();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task TenThousandRowsImportWithExactCountsAndAPerRowReport()
    {
        var rows = new List<string>();
        for (var i = 0; i < 10_000; i++)
            rows.Add(i switch
            {
                < 500 => Row(phone: "12345"),
                < 800 => Row(zip: "00000"),
                < 1000 => Row(phone: "06 00 00 00 01"), // 200 rows, one phone: the first is accepted
                _ => Row(),
            });
        var (providerId, file) = await UploadAsync(rows);
        file.Encoding.Should().Be("windows-1252");
        file.Separator.Should().Be(';');
        file.TotalRows.Should().Be(10_000);

        var import = await RunAsync(providerId, file);

        import.Status.Should().Be(ImportStatus.Completed);
        import.RowsDone.Should().Be(10_000);
        import.Accepted.Should().Be(9_001);
        import.Invalid.Should().Be(800);
        import.Duplicates.Should().Be(199);
        await using var db = app.CreateDbContext();
        (await db.Leads.CountAsync(l => l.ProviderId == providerId)).Should().Be(9_001);
        (await db.Leads.Where(l => l.ProviderId == providerId).Select(l => l.Departement).Distinct().ToListAsync()).Should().Equal("69");
        var report = await ReportAsync(providerId, import.Id);
        report.Should().StartWith("\uFEFFLigne;Champ;Message", "Excel needs the BOM to read UTF-8");
        report.Should().Contain("2;Téléphone;").And.Contain("502;Code postal;Le code postal 00000 n'existe pas.").And.Contain("Doublon");
        (await app.Services.GetRequiredService<ConsentVerifier>().VerifyChainAsync()).Valid.Should().BeTrue();
    }

    [Fact]
    public async Task TenThousandIdenticalRowsGiveOneLeadAndAReRunGivesNone()
    {
        var row = Row();
        var (providerId, file) = await UploadAsync(Enumerable.Repeat(row, 10_000), Encoding.UTF8);
        var first = await RunAsync(providerId, file);
        first.Accepted.Should().Be(1);
        first.Duplicates.Should().Be(9_999);

        var again = await Imports.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n" + row + "\n")), "encore.csv");
        var second = await RunAsync(providerId, again);
        second.Accepted.Should().Be(0);
        second.Duplicates.Should().Be(1);
    }

    [Fact]
    public async Task AnInterruptedImportResumesAfterItsLastCommittedBatchWithoutDuplicates()
    {
        var batch = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportOptions>>().Value.BatchSize;
        var rows = batch * 5 / 2;
        var (providerId, file) = await UploadAsync(Enumerable.Range(0, rows).Select(_ => Row()));
        var mapping = ImportTargets.Suggest(file.Headers, await Imports.TargetsAsync("MUTUELLE_SANTE"));
        var id = await Imports.CreateAsync(providerId, "MUTUELLE_SANTE", file, mapping);
        // Stopped exactly after its first batch, with locks rather than timing: the test holds the consent chain's
        // head (every batch commits under it), then the import's row (each batch's transaction moves its position
        // there), and lets the first batch through one lock at a time while it queues for the head again before the
        // second batch does; the second batch is cancelled waiting behind it.
        using var stop = new CancellationTokenSource();
        await using var head = await LockAsync("select 1 from consent_chain_heads where id = 1 for update");
        var interrupted = Imports.RunAsync(id, stop.Token);
        await WaitUntilBlockingAsync(head.Pid);
        await using var position = await LockAsync("select 1 from lead_imports where id = @id for update", id);
        await head.DisposeAsync();
        await WaitUntilBlockingAsync(position.Pid);
        var headAgain = LockAsync("select 1 from consent_chain_heads where id = 1 for update");
        await using (var watch = await OpenAsync())
            (await Eventually.TrueAsync(async () => await ScalarAsync<bool>(watch, "select exists (select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%consent_chain_heads%' and not (@pid = any(pg_blocking_pids(pid))))", position.Pid)))
                .Should().BeTrue("the test queues for the chain head behind the first batch");
        await position.DisposeAsync();
        await using (await headAgain)
        {
            stop.Cancel();
            await ((Func<Task>)(() => interrupted)).Should().ThrowAsync<OperationCanceledException>();
        }
        await using (var db = app.CreateDbContext())
        {
            var halfway = await db.LeadImports.AsNoTracking().SingleAsync(i => i.Id == id);
            halfway.Status.Should().Be(ImportStatus.Running);
            halfway.RowsDone.Should().Be(batch).And.Be(await db.Leads.CountAsync(l => l.ProviderId == providerId));
        }

        (await Imports.RunAsync(id)).Should().BeTrue();

        await using var after = app.CreateDbContext();
        var done = await after.LeadImports.AsNoTracking().SingleAsync(i => i.Id == id);
        done.Status.Should().Be(ImportStatus.Completed);
        done.Accepted.Should().Be(rows);
        done.Duplicates.Should().Be(0);
        (await after.Leads.CountAsync(l => l.ProviderId == providerId)).Should().Be(rows);
    }

    [Fact]
    public async Task FormulaCellsAndImpossibleDatesAreRefusedAndTheReportCannotRunFormulas()
    {
        var (providerId, file) = await UploadAsync([Row(lastName: "=HYPERLINK(\"http://evil\")"), Row(lastName: "@SUM(A1)"), Row(birth: "31/02/2025"), Row()]);
        var import = await RunAsync(providerId, file);

        import.Accepted.Should().Be(1);
        import.Invalid.Should().Be(3);
        var report = await ReportAsync(providerId, import.Id);
        report.Should().Contain("Date invalide : « 31/02/2025 »");
        foreach (var line in report.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
            line.Split(';').Skip(1).Should().NotContain(cell => LeadValidator.FormulaLike(cell.Trim('"')));
    }

    [Fact]
    public async Task BadFilesAreRefusedWithAFrenchMessageAndLeaveNothing()
    {
        var folder = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportOptions>>().Value.Folder;
        var before = Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0;

        async Task<string> Refused(Stream content) =>
            (await ((Func<Task>)(() => Imports.UploadAsync(content, "f.csv"))).Should().ThrowAsync<CsvFormatException>()).Which.Message;

        (await Refused(new MemoryStream())).Should().Be("Le fichier est vide.");
        (await Refused(new MemoryStream(Encoding.UTF8.GetBytes(Header + "\n")))).Should().Contain("aucune ligne de données");
        (await Refused(new MemoryStream([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]))).Should().Contain("pas un fichier texte CSV");
        (await Refused(new EndlessStream(200L * 1024 * 1024))).Should().Contain("trop volumineux");
        (await Refused(new MemoryStream(Encoding.UTF8.GetBytes("a;b;a\n1;2;3\n")))).Should().Contain("en double");
        (Directory.Exists(folder) ? Directory.GetFiles(folder).Length : 0).Should().Be(before);

        var (providerId, file) = await UploadAsync([Row()]);
        var create = () => Imports.CreateAsync(providerId, "MUTUELLE_SANTE", file, new Dictionary<string, string> { ["Prénom"] = "firstName" });
        (await create.Should().ThrowAsync<ValidationFailedException>()).Which.Errors["mapping"].Should().Contain(m => m.Contains("Téléphone"));
    }

    [Fact]
    public async Task UploadsAbandonedForADayAreDeletedButNotThoseAnUnfinishedImportNeeds()
    {
        var (providerId, abandoned) = await UploadAsync([Row()]);
        var (_, pending) = await UploadAsync([Row()]);
        var mapping = ImportTargets.Suggest(pending.Headers, await Imports.TargetsAsync("MUTUELLE_SANTE"));
        await Imports.CreateAsync(providerId, "MUTUELLE_SANTE", pending, mapping);
        var folder = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImportOptions>>().Value.Folder;
        foreach (var name in new[] { abandoned.StoredFile, pending.StoredFile })
            File.SetLastWriteTimeUtc(Path.Combine(folder, name), app.Clock.GetUtcNow().UtcDateTime.AddDays(-2));

        (await Imports.DeleteAbandonedUploadsAsync(TimeSpan.FromDays(1))).Should().BeGreaterThanOrEqualTo(1);

        File.Exists(Path.Combine(folder, abandoned.StoredFile)).Should().BeFalse();
        File.Exists(Path.Combine(folder, pending.StoredFile)).Should().BeTrue();
    }

    /// <summary>A stream of <paramref name="length"/> bytes of CSV-looking text, generated as it is read.</summary>
    private sealed class EndlessStream(long length) : Stream
    {
        private long _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            _position += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
