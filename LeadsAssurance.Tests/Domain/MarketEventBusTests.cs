using System.Text;
using FluentAssertions;
using LeadsAssurance.Domain.Market;
using Xunit;

namespace LeadsAssurance.Tests.Domain;

public sealed class MarketEventBusTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void ABurstIsCutIntoNotifyPayloadsUnderTheLimitThatParseBackToEveryEventInOrder()
    {
        var node = Guid.NewGuid();
        var events = Enumerable.Range(0, 500).Select(MarketEvent (i) => (i % 3) switch
        {
            0 => new LeadReserved(Guid.NewGuid(), Guid.NewGuid(), At.AddMinutes(10), i % 4, 12.5m + i, At),
            1 => new LeadSold(Guid.NewGuid(), Guid.NewGuid(), 0, 30m, "MUTUELLE_SANTE", At),
            _ => new LeadListed(new MarketLead(Guid.NewGuid(), "PRET_IMMO", "Crédit immobilier", "2A", "Ajaccio", At, 45m, true, 1,
                new Dictionary<string, object?> { ["projet"] = "Résidence principale", ["montant"] = 250000 }, 4.5m, At, Guid.NewGuid(), 45m,
                new PriceSchedule(30m, 1.5m, TimeSpan.FromHours(6)), At), At),
        }).ToList();

        var payloads = MarketEventBus.ToPayloads(node, events).ToList();

        payloads.Should().HaveCountGreaterThan(1).And.OnlyContain(p => p.StartsWith(MarketEventBus.PayloadPrefix(node)));
        payloads.Should().OnlyContain(p => Encoding.UTF8.GetByteCount(p) <= MarketEventBus.MaxPayloadBytes);
        var parsed = payloads.Select(MarketEventBus.Parse).ToList();
        parsed.Should().OnlyContain(b => b!.Node == node);
        parsed.SelectMany(b => b!.Events).Select(e => (e.GetType(), e.LeadId)).Should()
            .Equal(events.Select(e => (e.GetType(), e.LeadId)));
    }

    [Fact]
    public void ListedLeadsTravelToOtherNodesAsIdsInRunsThatKeepTheOrderOfTheOtherEvents()
    {
        var listed = Enumerable.Range(0, 320).Select(_ => Listed()).ToList();
        var sold = new LeadSold(listed[0].LeadId, Guid.NewGuid(), 0, 30m, "MUTUELLE_SANTE", At);
        var reserved = new LeadReserved(Guid.NewGuid(), Guid.NewGuid(), At.AddMinutes(10), 0, 20m, At);
        MarketEvent[] events = [reserved, .. listed.Take(310), sold, .. listed.Skip(310)];

        var sent = MarketEventBus.ForOtherNodes(events).ToList();

        sent.Select(e => e.GetType().Name).Should().Equal(nameof(LeadReserved), nameof(LeadsListedElsewhere), nameof(LeadsListedElsewhere),
            nameof(LeadsListedElsewhere), nameof(LeadSold), nameof(LeadsListedElsewhere));
        sent.OfType<LeadsListedElsewhere>().Select(e => e.LeadIds.Count).Should().Equal(150, 150, 10, 10);
        sent.OfType<LeadsListedElsewhere>().SelectMany(e => e.LeadIds).Should().Equal(listed.Select(l => l.LeadId));
        var payloads = MarketEventBus.ToPayloads(Guid.NewGuid(), sent).ToList();
        payloads.Should().OnlyContain(p => Encoding.UTF8.GetByteCount(p) <= MarketEventBus.MaxPayloadBytes);
        payloads.Select(MarketEventBus.Parse).SelectMany(b => b!.Events).OfType<LeadsListedElsewhere>().SelectMany(e => e.LeadIds)
            .Should().Equal(listed.Select(l => l.LeadId));
    }

    private static LeadListed Listed() => new(new MarketLead(Guid.NewGuid(), "MUTUELLE_SANTE", "Mutuelle santé", "69", "Lyon", At, 16m, true, 1,
        new Dictionary<string, object?> { ["regime"] = "general" }, 5m, At, Guid.NewGuid(), 16m, null, At), At);

    [Fact]
    public void NoEventNoPayload() => MarketEventBus.ToPayloads(Guid.NewGuid(), []).Should().BeEmpty();
}
