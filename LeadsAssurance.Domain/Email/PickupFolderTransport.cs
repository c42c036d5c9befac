using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace LeadsAssurance.Domain.Email;

/// <summary>
/// Without an SMTP server (development), each message becomes a .eml file that any mail client opens. The log says
/// where, never what: the file holds the links, the log only the message id.
/// </summary>
internal sealed class PickupFolderTransport(IOptions<EmailOptions> options, ILogger<PickupFolderTransport> logger) : IEmailTransport, IEmailSession
{
    private string Folder => options.Value.PickupFolder!;

    public bool IsOpen => true;

    public Task<IEmailSession> OpenAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        return Task.FromResult<IEmailSession>(this);
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var id = (message.MessageId ?? MimeUtils.GenerateMessageId()).Split('@')[0];
        var path = Path.Combine(Folder, id + ".eml");
        // Written aside, then moved: whoever watches the folder never opens half a message.
        var partial = path + ".part";
        await message.WriteToAsync(partial, ct);
        File.Move(partial, path, overwrite: true);
        logger.LogInformation("E-mail {MessageId} written to {Path}", id, path);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
