using LeadsAssurance.Domain.Accounts;
using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Jobs;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace LeadsAssurance.Tests.Integration;

/// <summary>The e-mail app with a clock the test moves and the outbox job out of the way: the tests drive the sender.</summary>
public sealed class EmailOutboxFactory : EmailFactory
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The job's first run at start-up would race the tests' own sends (and count an attempt of its own).
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.DeleteJob(SendQueuedEmailsJob.Key);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}

/// <summary>Retries and concurrency of the outbox, through the sender the Quartz job calls.</summary>
public class EmailOutboxTests(EmailOutboxFactory app) : IClassFixture<EmailOutboxFactory>
{
    private QueuedEmailSender Sender => app.Services.GetRequiredService<QueuedEmailSender>();

    private Task<Guid> EnqueueAsync(string address) => app.Services.GetRequiredService<EmailOutbox>().EnqueueAsync(address,
        app.Services.GetRequiredService<EmailTemplates>().AccountApproved("Cabinet Durand", AccountRole.Broker));

    private async Task<OutboundEmail> RowAsync(Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.OutboundEmails.SingleAsync(e => e.Id == id);
    }

    [Fact]
    public async Task WhileTheSmtpServerIsDownAMessageStaysQueuedAndGoesOnceItIsBack()
    {
        await app.Smtp.StopAsync();
        var address = $"panne-{Guid.NewGuid():N}@exemple.fr";
        var id = await EnqueueAsync(address);
        var failedAt = app.Clock.GetUtcNow();
        var logsBefore = app.Logs.Lines.Count;

        var sentWhileDown = await Sender.SendDueAsync();
        var queued = await RowAsync(id);
        await app.Smtp.StartAsync();
        var sentBeforeItsTurn = await Sender.SendDueAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var sentOnceDue = await Sender.SendDueAsync();
        var delivered = await RowAsync(id);

        sentWhileDown.Should().Be(0);
        queued.Status.Should().Be(OutboundEmailStatus.Queued);
        queued.Attempts.Should().Be(1);
        queued.LastError.Should().StartWith("SocketException").And.NotContain(SmtpReceiver.Password);
        queued.NextAttemptAt.Should().Be(failedAt.AddMinutes(1), "the first retry comes one minute after the failure");
        app.Logs.Lines.Skip(logsBefore).Should().Contain(l => l.Contains($"E-mail {id} (AccountApproved) attempt 1 failed"));
        app.Logs.Lines.Where(l => l.Contains(address)).Should().BeEmpty();
        sentBeforeItsTurn.Should().Be(0, "a failed message waits for its retry time");
        sentOnceDue.Should().Be(1);
        delivered.Status.Should().Be(OutboundEmailStatus.Sent);
        delivered.Attempts.Should().Be(2);
        delivered.SentAt.Should().Be(failedAt.AddMinutes(1));
        app.Smtp.Messages.Where(m => m.Recipients.Contains(address)).Should().ContainSingle()
            .Which.Message.MessageId.Should().Be($"{id}@leadsassurance.fr");
    }

    [Fact]
    public async Task TwoSendersDrainingAtOnceNeverSendAMessageTwice()
    {
        await app.Smtp.StartAsync();
        var batch = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
            ids.Add(await EnqueueAsync($"lot-{batch}-{i}@exemple.fr"));
        app.Smtp.Delay = TimeSpan.FromMilliseconds(100);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var senders = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await Sender.SendDueAsync();
        })).ToList();
        start.SetResult();
        var counts = await Task.WhenAll(senders);
        app.Smtp.Delay = TimeSpan.Zero;

        counts.Sum().Should().Be(30);
        counts.Should().OnlyContain(n => n > 0, "both senders worked at once, each on messages the other skipped");
        var received = app.Smtp.Messages.Where(m => m.Recipients.Single().StartsWith($"lot-{batch}-")).ToList();
        received.Should().HaveCount(30);
        received.Select(m => m.Message.MessageId).Should().OnlyHaveUniqueItems();
        await using var db = app.CreateDbContext();
        (await db.OutboundEmails.Where(e => ids.Contains(e.Id)).ToListAsync())
            .Should().OnlyContain(e => e.Status == OutboundEmailStatus.Sent && e.Attempts == 1);
    }
}
