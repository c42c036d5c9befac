using LeadsAssurance.Domain.Leads;
using System.Text.RegularExpressions;

namespace LeadsAssurance.Tests.Infrastructure;

/// <summary>
/// Looks for every form a contact can be written in: the phone in E.164 (+33611142664), national (0611142664),
/// spaced (06 11 14 26 64), dotted (06.11.14.26.64) and international spaced (+33 6 11 14 26 64); the e-mail; the first
/// and last names, case-insensitive, with their accents as written. Only whole values count: a phone with digits
/// around it, or a name inside a longer word, is something else (a GUID, a city), so a check cannot fail by chance.
/// </summary>
public static class ContactLeaks
{
    /// <summary>The regular expressions that find this contact, each with the form it looks for.</summary>
    public static IReadOnlyList<(string Form, Regex Pattern)> Patterns(Contact contact)
    {
        var national = National(contact.Phone);
        var pairs = Enumerable.Range(0, 5).Select(i => national.Substring(i * 2, 2)).ToArray();
        string[] phones = [$"+33{national[1..]}", national, string.Join(' ', pairs), string.Join('.', pairs),
            $"+33 {national[1]} {string.Join(' ', pairs.Skip(1))}"];
        var patterns = phones.Select(p => ($"phone {p}", new Regex($@"(?<![\d+]){Regex.Escape(p)}(?!\d)"))).ToList();
        patterns.Add(($"e-mail {contact.Email}", new Regex($@"(?<![\w.+-]){Regex.Escape(contact.Email)}(?![\w-])", RegexOptions.IgnoreCase)));
        foreach (var name in new[] { contact.FirstName, contact.LastName })
            patterns.Add(($"name {name}", new Regex($@"(?<![\p{{L}}\p{{M}}]){Regex.Escape(name)}(?![\p{{L}}\p{{M}}])", RegexOptions.IgnoreCase)));
        return patterns;
    }

    /// <summary>The forms of <paramref name="contact"/> found in <paramref name="text"/>.</summary>
    public static IReadOnlyList<string> FoundIn(string text, Contact contact) =>
        [.. Patterns(contact).Where(p => p.Pattern.IsMatch(text)).Select(p => p.Form)];

    /// <summary>Fails the test, naming the forms found, when the text shows any form of any of the contacts.</summary>
    public static void ShouldNotRevealAny(this string text, IEnumerable<Contact> contacts, string where)
    {
        var found = contacts.SelectMany(c => FoundIn(text, c)).ToList();
        found.Should().BeEmpty("{0} must not reveal a lead's contact", where);
    }

    public static void ShouldNotReveal(this string text, Contact contact, string where) => text.ShouldNotRevealAny([contact], where);

    public static void ShouldNotRevealAny(this string text, IEnumerable<Lead> leads, string where) =>
        text.ShouldNotRevealAny(leads.Select(Contact.Of), where);

    /// <summary>"+33611142664", "06 11 14 26 64", "0033611142664" → "0611142664".</summary>
    private static string National(string phone)
    {
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        if (digits.StartsWith("0033", StringComparison.Ordinal))
            digits = digits[4..];
        else if (phone.TrimStart().StartsWith('+') && digits.StartsWith("33", StringComparison.Ordinal))
            digits = digits[2..];
        if (!digits.StartsWith('0'))
            digits = "0" + digits;
        if (digits.Length != 10)
            throw new ArgumentException($"Not a French phone number: {phone}", nameof(phone));
        return digits;
    }
}
