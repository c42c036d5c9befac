using LeadsAssurance.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadsAssurance.Domain.Consent;

/// <summary>A seal as the verification page shows it: checked against the configured public key and the stored chain.</summary>
public sealed record ChainSeal(SignedChainHead Head, bool SignatureValid, bool MatchesChain);

/// <summary>
/// The daily seal of the consent chain: once per Paris day the chain's head (latest record's position and proof hash)
/// is signed with Ed25519 and stored in signed_chain_heads. A seal fixes the whole chain up to it, since every proof
/// hash covers the previous one: rewriting history later would need the private key too.
/// </summary>
public sealed class SignedChainHeads(IDbContextFactory<AppDbContext> dbFactory, ChainHeadSigner signer, TimeProvider time)
{
    /// <summary>
    /// Signs the current head for today's Paris date, unless today is sealed already, the chain is empty or no key is
    /// configured. Returns the new seal, or null. Safe on several nodes at once: the day is the table's key.
    /// </summary>
    public async Task<SignedChainHead?> SignTodayAsync(CancellationToken ct = default)
    {
        if (!signer.IsConfigured)
            return null;
        var now = time.GetUtcNow();
        var day = France.DateOf(now);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.SignedChainHeads.AnyAsync(h => h.Day == day, ct))
            return null;
        var head = await db.ConsentChainHeads.AsNoTracking().SingleAsync(h => h.Id == 1, ct);
        if (head.Position == 0)
            return null;
        var seal = new SignedChainHead(day, head.Position, head.Hash, now, signer.Sign(SignedChainHead.Message(day, head.Position, head.Hash)), signer.PublicKey);
        var inserted = await db.Database.ExecuteSqlAsync($"""
            insert into signed_chain_heads (day, position, head_hash, signed_at, signature, public_key)
            values ({seal.Day}, {seal.Position}, {seal.HeadHash}, {seal.SignedAt}, {seal.Signature}, {seal.PublicKey})
            on conflict (day) do nothing
            """, ct);
        return inserted == 1 ? seal : null;
    }

    /// <summary>The latest seal, checked; null before the first one.</summary>
    public async Task<ChainSeal?> LatestAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.SignedChainHeads.AsNoTracking().OrderByDescending(h => h.Day).FirstOrDefaultAsync(ct);
        if (head is null)
            return null;
        var stored = await db.ConsentRecords.Where(c => c.ChainPosition == head.Position).Select(c => c.ProofHash).FirstOrDefaultAsync(ct);
        return new ChainSeal(head, Check(head), stored == head.HeadHash);
    }

    /// <summary>Whether the seal's signature of its own day, position and hash checks against the configured public key.</summary>
    public bool Check(SignedChainHead head)
    {
        var signature = new byte[64];
        return Convert.TryFromBase64String(head.Signature, signature, out var length) && length == 64
            && signer.Verify(head.Message(), signature);
    }
}
