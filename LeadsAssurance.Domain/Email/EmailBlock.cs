namespace LeadsAssurance.Domain.Email;

/// <summary>
/// A piece of an e-mail, rendered as HTML and as text by <see cref="EmailLayout"/>. Templates hand over plain text
/// only and the layout encodes all of it, so a value someone typed (a company name, a suspension reason) cannot
/// inject markup, and both parts of a message always say the same thing.
/// </summary>
internal abstract record EmailBlock
{
    public sealed record Paragraph(string Text) : EmailBlock;

    /// <summary>A call to action; the text part and the HTML fallback spell the address out.</summary>
    public sealed record Button(string Label, Uri Link) : EmailBlock;

    /// <summary>Label/value lines, e.g. an amount and the new balance.</summary>
    public sealed record Facts(params (string Label, string Value)[] Rows) : EmailBlock;

    /// <summary>A code to copy, set apart in a monospace font.</summary>
    public sealed record Code(string Value) : EmailBlock;
}
