using System.Security.Cryptography;
using LeadsAssurance.Domain.Audit;
using LeadsAssurance.Domain.Data;
using LeadsAssurance.Domain.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadsAssurance.Domain.Disputes;

/// <summary>
/// Evidence files of disputes. A party adds one while the dispute is open (at most <see cref="DisputeFile.MaxPerDispute"/>,
/// each at most <see cref="MarketOptions.DisputeFileMaxBytes"/>); its type is read from its first bytes, whatever name or
/// content type the browser sent. Only the dispute's broker and provider and the admins find a file: anyone else gets
/// the same "not found" as for a file that does not exist.
/// </summary>
public sealed class DisputeFiles(IDbContextFactory<AppDbContext> dbFactory, IOptions<MarketOptions> options, TimeProvider time)
{
    /// <summary>
    /// Reads <paramref name="content"/> (up to the size cap plus one byte, so a larger file is refused without being
    /// buffered whole) and attaches it. <see cref="NotFoundException"/> when the account is not a party,
    /// <see cref="ValidationFailedException"/> (field "file") for a wrong type or size, <see cref="ConflictException"/>
    /// once decided or full.
    /// </summary>
    public async Task<DisputeFileInfo> AddAsync(Guid disputeId, Guid accountId, string? fileName, Stream content, CancellationToken ct = default)
    {
        var max = options.Value.DisputeFileMaxBytes;
        var bytes = await ReadCappedAsync(content, max, ct);
        if (bytes is null)
            throw new ValidationFailedException("file", $"Le fichier dépasse {max / (1024 * 1024.0):0.#} Mo.");
        if (bytes.Length == 0)
            throw new ValidationFailedException("file", "Le fichier est vide.");
        var type = Sniff(bytes) ?? throw new ValidationFailedException("file", "Seuls les fichiers PDF, PNG et JPEG sont acceptés.");
        var name = CleanName(fileName, type);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The dispute's row lock orders two uploads at once, so the cap holds.
        var dispute = await db.Disputes.FromSql($"select * from disputes where id = {disputeId} for update").AsNoTracking().SingleOrDefaultAsync(ct);
        if (dispute is null || (dispute.BrokerId != accountId && dispute.ProviderId != accountId))
            throw new NotFoundException("Litige introuvable.");
        if (dispute.Status != DisputeStatus.Open)
            throw new ConflictException("Ce litige est déjà tranché : il n'accepte plus de pièces.");
        if (await db.DisputeFiles.CountAsync(f => f.DisputeId == disputeId, ct) >= DisputeFile.MaxPerDispute)
            throw new ConflictException($"Un litige porte au plus {DisputeFile.MaxPerDispute} pièces.");
        var now = time.GetUtcNow();
        var file = new DisputeFile(Guid.CreateVersion7(now), disputeId, accountId, name, type, bytes, SHA256.HashData(bytes), now);
        db.DisputeFiles.Add(file);
        db.AuditLog.Add(new AuditEntry(accountId, "dispute.file.added", $"lead:{dispute.LeadId}",
            $"{name} ({type}, {bytes.Length} octets, SHA-256 {Convert.ToHexStringLower(file.Sha256)})", now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Info(file, dispute.BrokerId);
    }

    /// <summary>The files of the given disputes (the caller has already scoped the disputes to what the viewer may see).</summary>
    public async Task<ILookup<Guid, DisputeFileInfo>> ListAsync(IReadOnlyCollection<Guid> disputeIds, CancellationToken ct = default)
    {
        if (disputeIds.Count == 0)
            return Array.Empty<DisputeFileInfo>().ToLookup(f => f.DisputeId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from f in db.DisputeFiles
                          join d in db.Disputes on f.DisputeId equals d.Id
                          where disputeIds.Contains(f.DisputeId)
                          orderby f.CreatedAt
                          select new DisputeFileInfo(f.Id, f.DisputeId, f.FileName, f.ContentType, f.Size, f.UploadedBy == d.BrokerId, f.CreatedAt))
            .ToListAsync(ct);
        return rows.ToLookup(f => f.DisputeId);
    }

    /// <summary>A file with its bytes, for a party of its dispute or an admin; null otherwise.</summary>
    public async Task<DisputeFile?> GetAsync(Guid disputeId, Guid fileId, Guid accountId, bool isAdmin, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from f in db.DisputeFiles.AsNoTracking()
                      join d in db.Disputes on f.DisputeId equals d.Id
                      where f.Id == fileId && d.Id == disputeId && (isAdmin || d.BrokerId == accountId || d.ProviderId == accountId)
                      select f).SingleOrDefaultAsync(ct);
    }

    /// <summary>The type from the file's signature: PDF ("%PDF-"), PNG, JPEG; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) =>
        b.StartsWith("%PDF-"u8) ? "application/pdf"
        : b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : null;

    private static async Task<byte[]?> ReadCappedAsync(Stream content, int max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>A name safe for a Content-Disposition header and a listing: no path, no control characters, the right extension.</summary>
    private static string CleanName(string? fileName, string type)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string([.. name.Where(c => !char.IsControl(c) && c is not '"' and not '/')]).Trim();
        var extension = type switch { "application/pdf" => ".pdf", "image/png" => ".png", _ => ".jpg" };
        if (string.IsNullOrEmpty(Path.GetFileNameWithoutExtension(name)))
            name = "piece";
        if (!name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && !(type == "image/jpeg" && name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase)))
            name = Path.GetFileNameWithoutExtension(name) + extension;
        return name.Length <= DisputeFile.MaxFileName ? name : name[..(DisputeFile.MaxFileName - extension.Length)] + extension;
    }

    private static DisputeFileInfo Info(DisputeFile f, Guid brokerId) =>
        new(f.Id, f.DisputeId, f.FileName, f.ContentType, f.Size, f.UploadedBy == brokerId, f.CreatedAt);
}
