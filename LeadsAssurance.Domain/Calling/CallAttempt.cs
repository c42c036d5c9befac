namespace LeadsAssurance.Domain.Calling;

public enum CallOutcome
{
    NoAnswer,
    Voicemail,
    Busy,
    WrongNumber,
    CallBackRequested,
    Reached,
    /// <summary>The person said they do not want to be called (opposition au démarchage).</summary>
    Opposed,
}

/// <summary>
/// A call a broker made to a lead he bought, as he records it: when, and what came of it. Append-only (a record of
/// what happened, also the evidence of an "injoignable" return): a mistake is corrected by a new attempt, never by
/// rewriting one.
/// </summary>
public class CallAttempt
{
    public const int MaxNote = 500;

    private CallAttempt() { }

    internal CallAttempt(Guid id, Guid leadId, Guid brokerId, DateTimeOffset at, CallOutcome outcome, string? note, bool withinCallingHours,
        DateTimeOffset recordedAt)
    {
        Id = id;
        LeadId = leadId;
        BrokerId = brokerId;
        At = at;
        Outcome = outcome;
        Note = note;
        WithinCallingHours = withinCallingHours;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid LeadId { get; private set; }
    public Guid BrokerId { get; private set; }
    /// <summary>When the call was made.</summary>
    public DateTimeOffset At { get; private set; }
    public CallOutcome Outcome { get; private set; }
    public string? Note { get; private set; }
    /// <summary>Whether <see cref="At"/> fell within the legal calling hours (CallingRules), as judged when recorded.</summary>
    public bool WithinCallingHours { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }

    public static string Label(CallOutcome outcome) => outcome switch
    {
        CallOutcome.NoAnswer => "Pas de réponse",
        CallOutcome.Voicemail => "Messagerie",
        CallOutcome.Busy => "Occupé",
        CallOutcome.WrongNumber => "Numéro erroné ou non attribué",
        CallOutcome.CallBackRequested => "Rappel demandé",
        CallOutcome.Reached => "Joint",
        _ => "Refuse d'être démarché",
    };
}
