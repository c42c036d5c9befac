using System.Text.RegularExpressions;

namespace LeadsAssurance.Domain.Accounts;

/// <summary>Format checks for French company identifiers.</summary>
public static partial class FrenchBusinessIds
{
    /// <summary>SIREN: 9 digits with a valid Luhn checksum (spaces allowed when typed).</summary>
    public static bool IsValidSiren(string? value)
    {
        var digits = Normalize(value);
        return digits is { Length: 9 } && digits.All(char.IsAsciiDigit) && LuhnValid(digits);
    }

    /// <summary>ORIAS registration number: 8 digits (intermediaries' register, orias.fr).</summary>
    public static bool IsValidOrias(string? value)
    {
        var digits = Normalize(value);
        return digits is not null && OriasPattern().IsMatch(digits);
    }

    /// <summary>Removes the spaces people type between digit groups.</summary>
    public static string? Normalize(string? value) =>
        value is null ? null : new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static bool LuhnValid(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex("^[0-9]{8}$")]
    private static partial Regex OriasPattern();
}
