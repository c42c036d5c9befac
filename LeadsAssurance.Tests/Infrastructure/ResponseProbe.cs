using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Counts what the server writes into the responses of one path, and how long its current write has been waiting for
/// the client: with a client that stops reading, a server that streams ends up waiting, one that buffers never does.
/// </summary>
public sealed class ResponseProbe(PathString path) : IStartupFilter
{
    private long _written;
    private long _pendingSince;

    /// <summary>Bytes the server has handed to the response so far.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <summary>How long the server's current write has been waiting (zero when it is not writing).</summary>
    public TimeSpan WaitingFor(TimeProvider time)
    {
        var since = Interlocked.Read(ref _pendingSince);
        return since == 0 ? TimeSpan.Zero : time.GetElapsedTime(since);
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path == path)
                context.Response.Body = new CountingStream(context.Response.Body, this);
            await nextMiddleware(context);
        });
        next(app);
    };

    private sealed class CountingStream(Stream inner, ResponseProbe probe) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Add(ref probe._written, buffer.Length);
            Interlocked.Exchange(ref probe._pendingSince, TimeProvider.System.GetTimestamp());
            try
            {
                await inner.WriteAsync(buffer, cancellationToken);
            }
            finally
            {
                Interlocked.Exchange(ref probe._pendingSince, 0);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
