using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// The app sending its e-mails through a real SMTP server on loopback (<see cref="SmtpReceiver"/>, with a user and a
/// password), links on <see cref="PublicBaseUrl"/>, and every log line of every level captured in <see cref="Logs"/>.
/// </summary>
public class EmailFactory : AppFactory
{
    public const string PublicBaseUrl = "https://leads.example.test";

    public SmtpReceiver Smtp { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public override async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("App:PublicBaseUrl", PublicBaseUrl);
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Port.ToString());
        builder.UseSetting("Email:Smtp:UseTls", "false");
        builder.UseSetting("Email:Smtp:User", SmtpReceiver.User);
        builder.UseSetting("Email:Smtp:Password", SmtpReceiver.Password);
        builder.UseSetting("Email:SendInterval", "00:00:01");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
    }
}
