using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The app in a given environment with no SMTP server configured, e-mails defaulting under its data folder.</summary>
public sealed class NoSmtpFactory(string environment) : AppFactory
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "leadsassurance-test-data", Guid.NewGuid().ToString("N")[..12]);

    public CapturedLogs Logs { get; } = new();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataFolder))
            Directory.Delete(DataFolder, recursive: true);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(environment);
        builder.UseSetting("Database:DataFolder", DataFolder);
        builder.UseSetting("Email:PickupFolder", "");
        builder.UseSetting("Email:SendInterval", "00:00:01");
        builder.UseSetting("App:PublicBaseUrl", "https://leads.example.test");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<CapturedLogs>(null, LogLevel.Trace));
    }
}

public class EmailStartupTests
{
    [Fact]
    public async Task ProductionWithoutAnSmtpServerRefusesToStart()
    {
        await using var app = new NoSmtpFactory("Production");
        await app.InitializeAsync();

        var start = () => app.Server;

        start.Should().Throw<Exception>().Where(e => e.ToString().Contains("Email:Smtp:Host is not set"));
    }

    [Fact]
    public async Task InDevelopmentWithoutAnSmtpServerEmailsAreWrittenAsEmlFilesAndTheLogSaysOnlyWhere()
    {
        await using var app = new NoSmtpFactory("Development");
        await app.InitializeAsync();
        var address = $"nouveau-{Guid.NewGuid():N}@exemple.fr";
        var mailFolder = Path.Combine(app.DataFolder, "mail");

        await app.CreateAccountAsync("Provider", approve: false, email: address);
        var written = await Eventually.TrueAsync(() => Directory.Exists(mailFolder) && Directory.GetFiles(mailFolder, "*.eml").Length > 0,
            TimeSpan.FromSeconds(20));

        written.Should().BeTrue();
        var file = Directory.GetFiles(mailFolder, "*.eml").Single();
        var message = await MimeMessage.LoadAsync(file);
        message.To.Mailboxes.Single().Address.Should().Be(address);
        message.Subject.Should().Be("Votre demande de compte LeadsAssurance est enregistrée");
        message.TextBody.Should().Contain("Bonjour,");
        message.HtmlBody.Should().Contain("LeadsAssurance");
        (await Eventually.TrueAsync(() => app.Logs.Lines.Any(l => l.Contains("(AccountCreated) sent")))).Should().BeTrue();
        app.Logs.Lines.Should().Contain(l => l.Contains("written to") && l.Contains(file));
        app.Logs.Lines.Where(l => l.Contains(address)).Should().BeEmpty("the log names the file, not whom it is for");
    }
}
