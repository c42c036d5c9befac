namespace LeadsAssurance.Domain.Email;

/// <summary>A rendered e-mail: its subject and the same message as HTML and as plain text.</summary>
public sealed record EmailContent(EmailTemplate Template, string Subject, string Html, string Text);
