using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a loopback port, in the test process (the SmtpServer package): it asks for
/// <see cref="User"/> / <see cref="Password"/>, keeps every message it accepts, and can be stopped and started again
/// on the same port to play an outage.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    public const string User = "relay-user";
    public const string Password = "relay-p@ss-0123";

    private readonly ConcurrentQueue<Received> _messages = new();
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    public SmtpReceiver() => Port = FreePort();

    public int Port { get; }

    /// <summary>Each message is held this long before it is accepted, so that senders overlap.</summary>
    public TimeSpan Delay { get; set; }

    public IReadOnlyList<Received> Messages => [.. _messages];

    public bool IsRunning => _stop is not null;

    public async Task StartAsync()
    {
        if (IsRunning)
            return;
        var options = new SmtpServerOptionsBuilder().ServerName("smtp.test")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AllowUnsecureAuthentication(true).AuthenticationRequired(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Authenticator());
        _stop = new CancellationTokenSource();
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        (await Eventually.TrueAsync(Accepts)).Should().BeTrue("the test SMTP server listens on port {0}", Port);
    }

    public async Task StopAsync()
    {
        if (_stop is null)
            return;
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
        _stop = null;
    }

    public async Task<Received> WaitForAsync(Func<Received, bool> match, TimeSpan? limit = null)
    {
        Received? found = null;
        await Eventually.TrueAsync(() => (found = Messages.FirstOrDefault(match)) is not null, limit ?? TimeSpan.FromSeconds(20));
        return found ?? throw new TimeoutException("The test SMTP server received no such message.");
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A message as it arrived: the envelope's recipients, the user who authenticated, and the parsed MIME.</summary>
    public sealed record Received(IReadOnlyList<string> Recipients, string? AuthenticatedUser, MimeMessage Message);

    private sealed class Store(SmtpReceiver receiver) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (receiver.Delay > TimeSpan.Zero)
                await Task.Delay(receiver.Delay, cancellationToken);
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            receiver._messages.Enqueue(new Received([.. transaction.To.Select(m => $"{m.User}@{m.Host}")],
                context.Authentication.User, message));
            return SmtpResponse.Ok;
        }
    }

    private sealed class Authenticator : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken) =>
            Task.FromResult(user == User && password == Password);
    }
}
