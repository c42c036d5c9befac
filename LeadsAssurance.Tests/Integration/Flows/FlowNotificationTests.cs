using LeadsAssurance.Domain.Email;
using LeadsAssurance.Domain.Flows;
using LeadsAssurance.Domain.Leads;
using LeadsAssurance.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadsAssurance.Tests.Integration.Flows;

/// <summary>
/// The e-mails a broker chooses about his flows: one per ingestion batch listing what they bought (contacts as a
/// French person reads them), or the previous Paris day's summary each morning, once, whatever runs the job.
/// </summary>
public class FlowNotificationTests
{
    private static async Task<string> EmailOfAsync(AppFactory app, Guid id)
    {
        await using var db = app.CreateDbContext();
        return await db.Users.Where(u => u.Id == id).Select(u => u.Email!).SingleAsync();
    }

    private static async Task<List<OutboundEmail>> MailToAsync(AppFactory app, string recipient, EmailTemplate template)
    {
        await using var db = app.CreateDbContext();
        return await db.OutboundEmails.AsNoTracking().Where(e => e.Recipient == recipient && e.Template == template).ToListAsync();
    }

    [Fact]
    public async Task ABrokerWhoAskedForEachDeliveryGetsOneEmailPerBatchWithTheContactsAndOthersGetNone()
    {
        await using var app = await AppFactory.StartAsync(new MarketFactory());
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (wants, wantsClient) = await world.BrokerAsync();
        var (quiet, quietClient) = await world.BrokerAsync();
        await world.Flows.SetNotificationsAsync(wants, FlowNotifications.EachDelivery);
        (await world.Flows.NotificationsAsync(wants)).Should().Be(FlowNotifications.EachDelivery);
        await FlowWorld.FlowAsync(wantsClient, "44", name: "Nantes mutuelles");
        await FlowWorld.FlowAsync(quietClient, "59", name: "Lille mutuelles");
        var provider = await world.ProviderAsync();

        var bought = await world.PostAsync(provider, "44", 3);
        await world.PostAsync(provider, "59", 2);

        var mail = (await MailToAsync(app, await EmailOfAsync(app, wants), EmailTemplate.FlowLeadsDelivered)).Should().ContainSingle("three leads bought in one batch make one e-mail").Subject;
        mail.Subject.Should().Be("3 nouveaux leads livrés par vos flux");
        await using var db = app.CreateDbContext();
        foreach (var lead in await db.Leads.AsNoTracking().Where(l => bought.Contains(l.Id)).ToListAsync())
        {
            mail.TextBody.Should().Contain($"{lead.FirstName} {lead.LastName}").And.Contain(FrenchPhone.Display(lead.Phone)).And.NotContain(lead.Phone);
            mail.HtmlBody.Should().Contain(FrenchPhone.Display(lead.Phone));
        }
        mail.TextBody.Should().Contain("Nantes mutuelles");
        (await MailToAsync(app, await EmailOfAsync(app, quiet), EmailTemplate.FlowLeadsDelivered)).Should().BeEmpty("this broker kept the default: no e-mail");
    }

    [Fact]
    public async Task TheDailySummaryGoesOutOnceTheNextMorningWithEachFlowsLeadsAndSpend()
    {
        // Tuesday 24/11/2026 10:00 in Paris.
        await using var app = await AppFactory.StartAsync(new MarketFactory());
        var world = new FlowWorld(app, app.Clock.GetUtcNow());
        var (broker, client) = await world.BrokerAsync(1000m);
        var (idle, _) = await world.BrokerAsync(1000m);
        await world.Flows.SetNotificationsAsync(broker, FlowNotifications.DailyDigest);
        await world.Flows.SetNotificationsAsync(idle, FlowNotifications.DailyDigest);
        await FlowWorld.FlowAsync(client, "67", name: "Strasbourg");
        await FlowWorld.FlowAsync(client, "35", name: "Rennes");
        var provider = await world.ProviderAsync();
        var strasbourg = await world.PostAsync(provider, "67", 3);
        var rennes = await world.PostAsync(provider, "35", 1);
        decimal spend;
        await using (var db = app.CreateDbContext())
            spend = await db.Purchases.Where(p => p.BrokerId == broker).SumAsync(p => p.Price);
        var digests = app.Services.GetRequiredService<FlowDigests>();

        (await digests.SendDueAsync()).Should().Be(0, "today's summary waits for tomorrow");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 30, 0, TimeSpan.Zero)); // Wednesday 06:30 Paris
        (await digests.SendDueAsync()).Should().Be(0, "before 07:00 Paris");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 6, 5, 0, TimeSpan.Zero)); // Wednesday 07:05 Paris

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => digests.SendDueAsync()));
        runs.Sum().Should().Be(1, "one broker bought something; four runs at once send his summary once");
        (await digests.SendDueAsync()).Should().Be(0);

        var mail = (await MailToAsync(app, await EmailOfAsync(app, broker), EmailTemplate.FlowDailyDigest)).Should().ContainSingle().Subject;
        mail.Subject.Should().Be("Vos flux le mardi 24 novembre : 4 leads");
        mail.TextBody.Should().Contain("Strasbourg").And.Contain("3 leads").And.Contain("Rennes").And.Contain("1 lead")
            .And.Contain(spend.ToString("C", LeadsAssurance.Domain.France.Culture));
        (await MailToAsync(app, await EmailOfAsync(app, idle), EmailTemplate.FlowDailyDigest)).Should().BeEmpty("a day without purchases sends nothing");
        strasbourg.Concat(rennes).Should().HaveCount(4);
    }
}
