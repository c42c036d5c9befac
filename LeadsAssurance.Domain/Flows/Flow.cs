namespace LeadsAssurance.Domain.Flows;

/// <summary>
/// A broker's standing order (flux): it buys, at ingestion and before the market sees them, the leads that match its
/// criteria, within its caps, its schedule and the broker's credits. Deleting one only hides it: its purchases and
/// deliveries keep pointing at it.
/// </summary>
public class Flow
{
    public const string PausedByBroker = "Mis en pause par le courtier";
    public const string PausedForCredits = "Crédits insuffisants";
    public const string SuspendedByAdmin = "Suspendu par l'administrateur";
    public const int MaxPauseReason = 200;

    private Flow() { }

    public Flow(Guid id, Guid brokerId, FlowDefinition definition, string? protectedSecret, DateTimeOffset now)
    {
        Id = id;
        BrokerId = brokerId;
        Status = FlowStatus.Active;
        CreatedAt = now;
        Redefine(definition, protectedSecret, now);
    }

    public Guid Id { get; private set; }
    public Guid BrokerId { get; private set; }
    public string Name { get; private set; } = "";

    // Criteria.
    public string[] ProductCodes { get; private set; } = [];
    /// <summary>Empty: all of France.</summary>
    public string[] Departements { get; private set; } = [];
    public decimal? MaxPrice { get; private set; }
    /// <summary>true: exclusive leads only; false: shared only; null: both.</summary>
    public bool? Exclusive { get; private set; }
    public int? MaxConsentAgeHours { get; private set; }
    /// <summary>The provider's quality score (0 to 5, one decimal) a lead needs for this flow to buy it; null: any.</summary>
    public decimal? MinProviderScore { get; private set; }
    /// <summary>Buys only leads whose consent names the broker among its partners (<see cref="Partners.PartnerName"/>).</summary>
    public bool NamedPartnerOnly { get; private set; }
    /// <summary>jsonb <c>{ field: { "in": [..] } | { "min": n, "max": n } }</c> over the product's x-market attributes.</summary>
    public string AttributeFilters { get; private set; } = "{}";

    // Caps, per Europe/Paris calendar day, ISO week and month.
    public int? DailyCap { get; private set; }
    public int? WeeklyCap { get; private set; }
    public int? MonthlyCap { get; private set; }
    public decimal? MonthlySpendCap { get; private set; }

    // Schedule in Europe/Paris: ISO days (Monday = 1) and [from, to) hours; null days = always.
    public int[]? ScheduleDays { get; private set; }
    public TimeOnly? ScheduleFrom { get; private set; }
    public TimeOnly? ScheduleTo { get; private set; }

    /// <summary>1..10, higher first.</summary>
    public int Priority { get; private set; }
    public string? WebhookUrl { get; private set; }
    /// <summary>The webhook signing secret, protected with ASP.NET Core Data Protection (<see cref="FlowSecrets"/>).</summary>
    public string? WebhookSecret { get; private set; }
    public bool AutoResume { get; private set; }

    public FlowStatus Status { get; private set; }
    public FlowPauseCause? PauseCause { get; private set; }
    /// <summary>Shown to the broker, in French.</summary>
    public string? PauseReason { get; private set; }
    public DateTimeOffset? PausedAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? DeletedAt { get; private set; }

    // Routing state, written only by FlowRouter under the consent chain lock and the flow's row lock.
    // The caps are checked against counters kept on the flow row rather than counted from the deliveries: the router
    // locks these rows anyway, so the check and the increment are exact under any concurrency and cost nothing more
    // than the lock; each counter carries the Paris period it counts (day, ISO week's Monday, month's first day), and
    // a counter whose key is not the current period counts as zero, so periods reset without a job.
    public DateTimeOffset? LastDeliveryAt { get; private set; }
    /// <summary>
    /// Round robin among flows of equal priority: the turn of the flow's last delivery, from a counter that grows with
    /// every delivery of every flow (0 = never served). The lowest turn is served first. A timestamp cannot do it:
    /// all deliveries of one ingestion batch share the batch's time.
    /// </summary>
    public long DeliveryTurn { get; private set; }
    public DateOnly? DayKey { get; private set; }
    public int DayCount { get; private set; }
    public DateOnly? WeekKey { get; private set; }
    public int WeekCount { get; private set; }
    public DateOnly? MonthKey { get; private set; }
    public int MonthCount { get; private set; }
    public decimal MonthSpend { get; private set; }

    public bool HasWebhook => WebhookUrl is not null;

    /// <summary>Replaces the settings (PUT). The webhook secret is kept unless <paramref name="protectedSecret"/> is given.</summary>
    public void Redefine(FlowDefinition d, string? protectedSecret, DateTimeOffset now)
    {
        EnsureNotDeleted();
        Name = d.Name;
        ProductCodes = [.. d.ProductCodes];
        Departements = [.. d.Departements];
        MaxPrice = d.MaxPrice;
        Exclusive = d.Exclusive;
        MaxConsentAgeHours = d.MaxConsentAgeHours;
        MinProviderScore = d.MinProviderScore;
        NamedPartnerOnly = d.NamedPartnerOnly;
        AttributeFilters = d.AttributeFiltersJson;
        DailyCap = d.DailyCap;
        WeeklyCap = d.WeeklyCap;
        MonthlyCap = d.MonthlyCap;
        MonthlySpendCap = d.MonthlySpendCap;
        ScheduleDays = d.ScheduleDays is null ? null : [.. d.ScheduleDays];
        ScheduleFrom = d.ScheduleFrom;
        ScheduleTo = d.ScheduleTo;
        Priority = d.Priority;
        WebhookUrl = d.WebhookUrl;
        AutoResume = d.AutoResume;
        if (WebhookUrl is null)
            WebhookSecret = null;
        else if (protectedSecret is not null)
            WebhookSecret = protectedSecret;
        UpdatedAt = now;
    }

    public void Pause(DateTimeOffset now)
    {
        EnsureNotDeleted();
        EnsureNotSuspended();
        Status = FlowStatus.Paused;
        PauseCause = FlowPauseCause.Broker;
        PauseReason = PausedByBroker;
        PausedAt = now;
        UpdatedAt = now;
    }

    public void Resume(DateTimeOffset now)
    {
        EnsureNotDeleted();
        EnsureNotSuspended();
        Status = FlowStatus.Active;
        PauseCause = null;
        PauseReason = null;
        PausedAt = null;
        UpdatedAt = now;
    }

    /// <summary>The admin stops a flow (a CRM failing every delivery, an abuse): it stays paused until he reinstates it.</summary>
    public void Suspend(string reason, DateTimeOffset now)
    {
        EnsureNotDeleted();
        if (string.IsNullOrWhiteSpace(reason))
            throw new ValidationFailedException("reason", "Indiquez le motif de la suspension.");
        Status = FlowStatus.Paused;
        PauseCause = FlowPauseCause.Admin;
        PauseReason = $"{SuspendedByAdmin} : {reason.Trim()}";
        if (PauseReason.Length > MaxPauseReason)
            PauseReason = PauseReason[..MaxPauseReason];
        PausedAt = now;
        UpdatedAt = now;
    }

    /// <summary>The admin lifts his suspension: the flow buys again.</summary>
    public void Reinstate(DateTimeOffset now)
    {
        EnsureNotDeleted();
        if (PauseCause != FlowPauseCause.Admin)
            throw new ConflictException("Ce flux n'est pas suspendu par l'administrateur.");
        PauseCause = null;
        Resume(now);
    }

    public void Delete(DateTimeOffset now)
    {
        EnsureNotDeleted();
        Status = FlowStatus.Deleted;
        DeletedAt = now;
        UpdatedAt = now;
    }

    public void RotateSecret(string protectedSecret, DateTimeOffset now)
    {
        EnsureNotDeleted();
        if (WebhookUrl is null)
            throw new ValidationFailedException("webhookUrl", "Ce flux n'a pas d'URL de webhook : il n'a pas de secret à renouveler.");
        WebhookSecret = protectedSecret;
        UpdatedAt = now;
    }

    private void EnsureNotSuspended()
    {
        if (PauseCause == FlowPauseCause.Admin)
            throw new ConflictException("Ce flux a été suspendu par l'administrateur : contactez le support pour le réactiver.");
    }

    private void EnsureNotDeleted()
    {
        if (Status == FlowStatus.Deleted)
            throw new NotFoundException("Flux introuvable.");
    }
}
