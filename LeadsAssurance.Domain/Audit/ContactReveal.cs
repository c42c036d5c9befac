namespace LeadsAssurance.Domain.Audit;

/// <summary>How a person's contact reached someone: the path an inspector asks about ("who saw this number, when, how?").</summary>
public enum RevealChannel
{
    /// <summary>A market purchase (page or API): the payment's answer carries the contact.</summary>
    Purchase,
    /// <summary>A broker's flow bought the lead at ingestion: the contact goes to his pages, his webhook and his e-mail.</summary>
    FlowDelivery,
    /// <summary>"Mes achats" displayed it.</summary>
    PurchasesPage,
    /// <summary>GET /api/v1/purchases returned it.</summary>
    PurchasesApi,
    /// <summary>purchases.csv contained it.</summary>
    CsvExport,
    /// <summary>A consent certificate (PDF) printed it.</summary>
    Certificate,
    /// <summary>A ZIP of consent certificates printed it.</summary>
    CertificateZip,
}

/// <summary>
/// One reveal of one or more contacts: who (the signed-in account or API key's account), for which broker's purchases,
/// when, how, and which leads. Append-only, like the ledger: the database refuses UPDATE, DELETE and TRUNCATE.
/// </summary>
public class ContactReveal
{
    private ContactReveal() { }

    public ContactReveal(Guid actorId, Guid? brokerId, RevealChannel channel, Guid[] leadIds, DateTimeOffset at, string? detail = null)
    {
        ActorId = actorId;
        BrokerId = brokerId;
        Channel = channel;
        LeadIds = leadIds;
        At = at;
        Detail = detail;
    }

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public Guid ActorId { get; private set; }
    /// <summary>The broker whose purchases were shown; null when an admin read a lead as an auditor.</summary>
    public Guid? BrokerId { get; private set; }
    public RevealChannel Channel { get; private set; }
    public Guid[] LeadIds { get; private set; } = [];
    public string? Detail { get; private set; }

    public const int MaxDetail = 200;
}
