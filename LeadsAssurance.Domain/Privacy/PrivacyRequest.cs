namespace LeadsAssurance.Domain.Privacy;

/// <summary>
/// What a person asks without an account: what is held about them (GDPR art. 15), its erasure (art. 17), or never to
/// be offered for prospecting again (art. 21, Code de la consommation L223-1): the opposition list.
/// </summary>
public enum PrivacyRequestKind
{
    Access,
    Erasure,
    Opposition,
}

public enum PrivacyRequestStatus
{
    /// <summary>A one-time code went to the e-mail address given; the request waits for it.</summary>
    AwaitingCode,
    /// <summary>A phone alone proves nothing here: an admin confirms the erasure.</summary>
    AwaitingAdmin,
    Done,
    /// <summary>Code expired or attempts spent, or dismissed by an admin.</summary>
    Closed,
}

/// <summary>
/// A person's request from the public privacy page. The contact it names is kept only while it is open: answered or
/// closed, it is emptied (the proof of erasure keeps who asked, not their address).
/// </summary>
public class PrivacyRequest
{
    private PrivacyRequest() { }

    internal PrivacyRequest(Guid id, PrivacyRequestKind kind, PersonKey person, string? codeHash, DateTimeOffset now, DateTimeOffset? codeExpiresAt)
    {
        Id = id;
        Kind = kind;
        Phone = person.Phone;
        Email = person.Email;
        CodeHash = codeHash;
        CodeExpiresAt = codeExpiresAt;
        Status = codeHash is null ? PrivacyRequestStatus.AwaitingAdmin : PrivacyRequestStatus.AwaitingCode;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public PrivacyRequestKind Kind { get; private set; }
    public PrivacyRequestStatus Status { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    /// <summary>Hex SHA-256 of the request id and the code: the code itself is never stored.</summary>
    public string? CodeHash { get; private set; }
    public DateTimeOffset? CodeExpiresAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    internal void CountAttempt() => Attempts++;

    internal void Close(PrivacyRequestStatus status, DateTimeOffset now)
    {
        Status = status;
        ClosedAt = now;
        Phone = null;
        Email = null;
        CodeHash = null;
    }
}
