using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Documents;

/// <summary>
/// Consent certificates of purchased leads: one PDF, or a ZIP of all of a broker's (optionally within a range of Paris
/// days) streamed certificate by certificate, so its size never lives in memory. A broker gets only leads he bought;
/// an admin can read any lead's certificate for an audit, and each such access is written to the audit log.
/// </summary>
public sealed class Certificates(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
{
    public const string MeterName = "LeadsAssurance.Documents";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Rendered = Meter.CreateCounter<long>("leadsassurance.certificates.rendered", description: "Consent certificates drawn");

    /// <summary>The broker's own certificate of a lead he bought; null (→ 404) otherwise.</summary>
    public async Task<CertificateData?> ForBrokerAsync(Guid leadId, Guid brokerId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var scope = await BrokerRowSecurity.BeginAsync(db, brokerId, ct);
        return await Query(db, db.Purchases.Where(p => p.LeadId == leadId && p.BrokerId == brokerId)).FirstOrDefaultAsync(ct);
    }

    /// <summary>Any lead's certificate with all its purchases, for an audit; the access is logged. Null when the lead has no consent record.</summary>
    public async Task<CertificateData?> ForAuditAsync(Guid leadId, Guid adminId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var data = await Query(db, db.Purchases.Where(p => p.LeadId == leadId)).ToListAsync(ct);
        CertificateData? certificate;
        if (data.Count > 0)
        {
            certificate = data[0] with { Purchases = [.. data.SelectMany(d => d.Purchases).OrderBy(p => p.PurchasedAt)] };
        }
        else
        {
            // Not sold yet: the same certificate without a purchase.
            certificate = await (
                from c in db.ConsentRecords
                join l in db.Leads on c.LeadId equals l.Id
                where c.LeadId == leadId
                select new CertificateData(l.Id, l.FirstName, l.LastName, l.Phone, l.Email, l.ZipCode, l.City, l.Departement,
                    l.ProductCode, l.Product.Label, l.Provider.CompanyName, l.Provider.Siren, c.Text, c.TextVersion, c.Partners,
                    c.CapturedAt, c.IpAddress, c.UserAgent, c.SourceUrl, c.ProofHash, c.ChainPosition, c.PreviousHash, c.RecordedAt,
                    new List<CertificatePurchase>(), l.ErasedAt, c.CheckboxUncheckedByDefault, c.PageSnapshotSha256, l.OppositionVersion,
                    c.PartnerList)).FirstOrDefaultAsync(ct);
        }
        if (certificate is null)
            return null;
        db.AuditLog.Add(new AuditEntry(adminId, "certificate.audit-access", $"lead:{leadId}",
            $"Certificat de consentement consulté pour un contrôle ({certificate.ProofHash[..12]}…)", time.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return certificate;
    }

    /// <summary>The broker's certificates, oldest purchase first, read as a stream from one query.</summary>
    public async IAsyncEnumerable<CertificateData> StreamAsync(Guid brokerId, DateOnly? from, DateOnly? to,
        [EnumeratorCancellation] CancellationToken ct = default, DateTimeOffset? asOf = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var scope = await BrokerRowSecurity.BeginAsync(db, brokerId, ct);
        var purchases = db.Purchases.Where(p => p.BrokerId == brokerId);
        if (asOf is { } until)
            purchases = purchases.Where(p => p.PurchasedAt <= until);
        if (from is { } f)
        {
            var start = France.DayStart(f);
            purchases = purchases.Where(p => p.PurchasedAt >= start);
        }
        if (to is { } t)
        {
            var end = France.DayStart(t.AddDays(1));
            purchases = purchases.Where(p => p.PurchasedAt < end);
        }
        await foreach (var c in Query(db, purchases).AsAsyncEnumerable().WithCancellation(ct))
            yield return c;
    }

    public static void Render(CertificateData certificate, string publicBaseUrl, DateTimeOffset issuedAt, Stream output)
    {
        ConsentCertificate.Write(certificate, publicBaseUrl, issuedAt, output);
        Rendered.Add(1);
    }

    /// <summary>
    /// Writes the ZIP to <paramref name="output"/> as it goes: each certificate is drawn, zipped into a small buffer
    /// and sent before the next one is read, then an index (index.csv) lists them. Memory holds one certificate at a
    /// time whatever the archive's size, and a slow client slows the drawing down. Returns the number of certificates.
    /// </summary>
    public async Task<int> WriteZipAsync(Guid brokerId, DateOnly? from, DateOnly? to, string publicBaseUrl, Stream output, CancellationToken ct = default,
        DateTimeOffset? asOf = null)
    {
        var issuedAt = time.GetUtcNow();
        var index = new StringBuilder();
        index.AppendLine(SpreadsheetCsv.Row(["Fichier", "Lead", "Nom", "Produit", "Acheté le", "Empreinte SHA-256", "Position"]));
        // ZipArchive writes synchronously (even from its async methods, when an entry stream closes); it writes into
        // this buffer, which is sent to the real output asynchronously after each entry.
        var chunk = new ForwardOnlyBuffer();
        var count = 0;
        using (var zip = new ZipArchive(chunk, ZipArchiveMode.Create, leaveOpen: true))
        {
            await foreach (var certificate in StreamAsync(brokerId, from, to, ct, asOf))
            {
                var name = ConsentCertificate.FileName(certificate);
                // PDF streams are already compressed: stored entries cost nothing to unzip and save the CPU.
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                entry.LastWriteTime = certificate.Purchases[0].PurchasedAt;
                using (var stream = entry.Open())
                    Render(certificate, publicBaseUrl, issuedAt, stream);
                await chunk.DrainToAsync(output, ct);
                index.AppendLine(SpreadsheetCsv.Row([name, certificate.LeadId.ToString(),
                    certificate.ErasedAt is null ? $"{certificate.FirstName} {certificate.LastName}" : "Contact effacé (RGPD)",
                    certificate.ProductCode, France.ToParis(certificate.Purchases[0].PurchasedAt).ToString("dd/MM/yyyy HH:mm", France.Culture),
                    certificate.ProofHash, certificate.ChainPosition.ToString(France.Culture)]));
                count++;
            }
            using var indexStream = zip.CreateEntry("index.csv", CompressionLevel.Optimal).Open();
            indexStream.Write(SpreadsheetCsv.Utf8WithBom.GetPreamble());
            indexStream.Write(SpreadsheetCsv.Utf8WithBom.GetBytes(index.ToString()));
        }
        await chunk.DrainToAsync(output, ct);
        await output.FlushAsync(ct);
        return count;
    }

    /// <summary>A write-only, non-seekable stream that keeps what was written until it is drained to the real output.</summary>
    private sealed class ForwardOnlyBuffer : Stream
    {
        private readonly MemoryStream _pending = new(128 * 1024);
        private long _written;

        public async Task DrainToAsync(Stream output, CancellationToken ct)
        {
            if (_pending.Length == 0)
                return;
            await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), ct);
            _pending.SetLength(0);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.Write(buffer);
            _written += buffer.Length;
        }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static IQueryable<CertificateData> Query(AppDbContext db, IQueryable<Market.Purchase> purchases) =>
        from p in purchases
        join c in db.ConsentRecords on p.LeadId equals c.LeadId
        join b in db.Users on p.BrokerId equals b.Id
        orderby p.PurchasedAt, p.Id
        select new CertificateData(p.Lead.Id, p.Lead.FirstName, p.Lead.LastName, p.Lead.Phone, p.Lead.Email, p.Lead.ZipCode, p.Lead.City,
            p.Lead.Departement, p.Lead.ProductCode, p.Lead.Product.Label, p.Lead.Provider.CompanyName, p.Lead.Provider.Siren,
            c.Text, c.TextVersion, c.Partners, c.CapturedAt, c.IpAddress, c.UserAgent, c.SourceUrl, c.ProofHash, c.ChainPosition,
            c.PreviousHash, c.RecordedAt,
            new List<CertificatePurchase>
            {
                new(p.Id, b.CompanyName, b.OriasNumber, p.PurchasedAt, p.Price,
                    p.Lead.PartnerKeys != null && b.PartnerKeys != null && p.Lead.PartnerKeys.Any(k => b.PartnerKeys.Contains(k))),
            }, p.Lead.ErasedAt,
            c.CheckboxUncheckedByDefault, c.PageSnapshotSha256, p.Lead.OppositionVersion, c.PartnerList);
}
