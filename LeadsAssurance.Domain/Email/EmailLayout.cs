using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace LeadsAssurance.Domain.Email;

/// <summary>
/// The one look of the platform's e-mails: a white card with the brand on a grey background, inline styles and
/// tables (what mail clients render), and the same content as plain text for clients that show no HTML.
/// </summary>
internal static class EmailLayout
{
    // The app theme's primary colour (Web/Components/Layout/AppTheme.cs).
    private const string Accent = "#4f46e5";
    private const string Muted = "#64748b";
    private const string Footer = "LeadsAssurance, la place de marché des leads assurance et crédit. " +
        "Ce message est envoyé automatiquement : merci de ne pas y répondre.";

    // Encodes what HTML needs and leaves accented letters readable in the source.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static EmailContent Render(EmailTemplate template, string subject, params EmailBlock[] blocks)
    {
        var html = new StringBuilder();
        var text = new StringBuilder();
        foreach (var block in blocks)
        {
            AppendHtml(html, block);
            AppendText(text, block);
        }
        text.Append("-- \n").Append(Footer).Append('\n');
        return new EmailContent(template, subject, Page(subject, html.ToString()), text.ToString());
    }

    private static void AppendHtml(StringBuilder html, EmailBlock block)
    {
        switch (block)
        {
            case EmailBlock.Paragraph p:
                html.Append("<p style=\"margin:0 0 16px\">").Append(E(p.Text)).Append("</p>\n");
                break;
            case EmailBlock.Button b:
                var link = E(b.Link.AbsoluteUri);
                html.Append("<p style=\"margin:24px 0\"><a href=\"").Append(link).Append("\" style=\"display:inline-block;padding:12px 24px;")
                    .Append("background:").Append(Accent).Append(";color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600\">")
                    .Append(E(b.Label)).Append("</a></p>\n")
                    .Append("<p style=\"margin:0 0 16px;font-size:13px;color:").Append(Muted).Append("\">Si le bouton ne s'ouvre pas, copiez cette adresse dans votre navigateur :<br>")
                    .Append("<a href=\"").Append(link).Append("\" style=\"color:").Append(Accent).Append(";word-break:break-all\">").Append(link).Append("</a></p>\n");
                break;
            case EmailBlock.Facts f:
                html.Append("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"margin:0 0 16px;border-collapse:collapse\">\n");
                foreach (var (label, value) in f.Rows)
                    html.Append("<tr><td style=\"padding:4px 24px 4px 0;color:").Append(Muted).Append("\">").Append(E(label))
                        .Append("</td><td style=\"padding:4px 0;font-weight:600\">").Append(E(value)).Append("</td></tr>\n");
                html.Append("</table>\n");
                break;
            case EmailBlock.Code c:
                html.Append("<p style=\"margin:0 0 16px;font-family:'DejaVu Sans Mono',Consolas,monospace;font-size:22px;letter-spacing:3px\">")
                    .Append(E(c.Value)).Append("</p>\n");
                break;
        }
    }

    private static void AppendText(StringBuilder text, EmailBlock block)
    {
        switch (block)
        {
            case EmailBlock.Paragraph p:
                text.Append(p.Text).Append("\n\n");
                break;
            case EmailBlock.Button b:
                text.Append(b.Label).Append(" :\n").Append(b.Link.AbsoluteUri).Append("\n\n");
                break;
            case EmailBlock.Facts f:
                foreach (var (label, value) in f.Rows)
                    text.Append(label).Append(" : ").Append(value).Append('\n');
                text.Append('\n');
                break;
            case EmailBlock.Code c:
                text.Append("    ").Append(c.Value).Append("\n\n");
                break;
        }
    }

    private static string Page(string subject, string body) => $"""
        <!DOCTYPE html>
        <html lang="fr">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(subject)}</title></head>
        <body style="margin:0;padding:0;background:#f1f5f9">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9;padding:32px 12px">
        <tr><td align="center">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;font-family:Inter,'Segoe UI',Helvetica,Arial,sans-serif;color:#0f172a;font-size:15px;line-height:1.6">
        <tr><td style="padding:24px 32px;border-bottom:1px solid #e2e8f0;font-size:20px;font-weight:700;color:{Accent}">LeadsAssurance</td></tr>
        <tr><td style="padding:32px">
        {body}</td></tr>
        <tr><td style="padding:16px 32px 24px;border-top:1px solid #e2e8f0;font-size:12px;color:{Muted}">{E(Footer)}</td></tr>
        </table>
        </td></tr>
        </table>
        </body>
        </html>
        """;

    private static string E(string value) => Html.Encode(value);
}
