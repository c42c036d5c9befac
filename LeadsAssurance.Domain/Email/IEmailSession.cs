using MimeKit;

namespace LeadsAssurance.Domain.Email;

/// <summary>An open connection to a transport.</summary>
public interface IEmailSession : IAsyncDisposable
{
    /// <summary>False once the connection broke: the next message needs a new session.</summary>
    bool IsOpen { get; }

    Task SendAsync(MimeMessage message, CancellationToken ct);
}
