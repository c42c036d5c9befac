using System.Diagnostics;
using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Documents;
using LeadsAssurance.Domain.Market;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Bench;

/// <summary>
/// Consent certificates: single PDFs per second (read from the database and drawn, as the endpoint does; and drawn
/// only), and the ZIP of all of a broker's certificates: time, size and peak managed heap growth while it streams.
/// </summary>
public static class CertificateBench
{
    private const string ConsentText = "J'accepte d'être contacté(e) par téléphone, SMS ou e-mail par les partenaires cités ci-dessous "
        + "au sujet de ma complémentaire santé, y compris au moyen d'un automate d'appel. Je peux retirer mon consentement à tout moment "
        + "en répondant « STOP » à un SMS ou en écrivant au délégué à la protection des données : dpo@exemple.fr. Mes données sont "
        + "conservées trois ans à compter de notre dernier contact, conformément au RGPD.";

    public static async Task RunAsync(BenchHost host, int certificates, int seconds)
    {
        var provider = (await host.AddBrokersAsync(1, AccountRole.Provider))[0];
        var broker = (await host.AddBrokersAsync(1))[0];
        var leads = await host.AddLeadsAsync(provider, certificates, consentText: ConsentText);
        await using (var db = host.Db())
        {
            var now = DateTimeOffset.UtcNow;
            db.Purchases.AddRange(leads.Select((id, i) => new Purchase(Guid.CreateVersion7(now), id, broker, null, 25m, now.AddSeconds(-i))));
            await db.SaveChangesAsync();
        }
        var service = host.Services.GetRequiredService<Certificates>();
        const string baseUrl = "https://app.leadsassurance.fr";

        // Warm-up (JIT, fonts, query plans), not measured.
        var sample = (await service.ForBrokerAsync(leads[0], broker))!;
        using var buffer = new MemoryStream(128 * 1024);
        for (var i = 0; i < 20; i++)
        {
            buffer.SetLength(0);
            Certificates.Render(sample, baseUrl, DateTimeOffset.UtcNow, buffer);
        }
        var size = buffer.Length;

        var (served, servedSeconds) = await RepeatAsync(seconds, async k =>
        {
            var data = (await service.ForBrokerAsync(leads[k % leads.Count], broker))!;
            buffer.SetLength(0);
            Certificates.Render(data, baseUrl, DateTimeOffset.UtcNow, buffer);
        });
        var (drawn, drawnSeconds) = await RepeatAsync(seconds, _ =>
        {
            buffer.SetLength(0);
            Certificates.Render(sample, baseUrl, DateTimeOffset.UtcNow, buffer);
            return Task.CompletedTask;
        });

        var heap = new HeapPeak(TimeSpan.FromMilliseconds(10));
        var sink = new CountingStream();
        var clock = Stopwatch.StartNew();
        var count = await service.WriteZipAsync(broker, null, null, baseUrl, sink);
        var zipSeconds = clock.Elapsed.TotalSeconds;
        var heapGrowth = await heap.StopAsync();

        Console.WriteLine($"consent certificates ({certificates:N0} purchases, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  one certificate: {size / 1024.0:0.0} KB (target < 100 KB)");
        Console.WriteLine($"  single PDF, read from PostgreSQL and drawn (the endpoint's work): {served / servedSeconds:N0} certificates/s");
        Console.WriteLine($"  single PDF, drawn only:                                           {drawn / drawnSeconds:N0} certificates/s");
        Console.WriteLine($"  ZIP of {count:N0} certificates: {zipSeconds:0.00} s ({count / zipSeconds:N0}/s), {sink.Length / 1024.0 / 1024.0:0.0} MB written");
        Console.WriteLine($"  peak managed heap growth while the ZIP streams: {heapGrowth / 1024.0 / 1024.0:0.0} MB (the archive is never held in memory)");
    }

    private static async Task<(int Count, double Seconds)> RepeatAsync(int seconds, Func<int, Task> action)
    {
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed.TotalSeconds < seconds)
            await action(n++);
        return (n, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Counts what a client would receive, keeping nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
