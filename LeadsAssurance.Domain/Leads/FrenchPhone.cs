using PhoneNumbers;

namespace LeadsAssurance.Domain.Leads;

/// <summary>French phone numbers (metropolitan and overseas), checked with libphonenumber and written in E.164.</summary>
public static class FrenchPhone
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    // Metropolitan France and the overseas départements and collectivities that use +33-style national plans.
    private static readonly HashSet<string> Regions = ["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"];

    /// <summary>"06 12 34 56 78", "+33 6 12 34 56 78", "0033612345678" → "+33612345678"; null and a French message when invalid.</summary>
    public static string? Normalize(string? raw, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(raw))
        {
            error = "Le téléphone est obligatoire.";
            return null;
        }
        try
        {
            var number = Util.Parse(raw.Trim(), "FR");
            var region = Util.GetRegionCodeForNumber(number);
            // IsValidNumber would look the region up again: this is its second half.
            if (region is not null && Regions.Contains(region) && Util.IsValidNumberForRegion(number, region))
                return Util.Format(number, PhoneNumberFormat.E164);
        }
        catch (NumberParseException)
        {
        }
        error = $"Numéro de téléphone français invalide : « {raw.Trim()} ».";
        return null;
    }

    /// <summary>
    /// A stored number as a French person reads and dials it: the ten-digit national form in pairs, "+33611142664" →
    /// "06 11 14 26 64", overseas départements included ("+262692123456" → "06 92 12 34 56", dialled as such from
    /// France). Saint-Pierre-et-Miquelon's six-digit numbers have no national "0" form: "+508 41 12 34". Anything else
    /// (another country, an invalid or erased number) is returned unchanged. Never read as a formula by a spreadsheet.
    /// </summary>
    public static string Display(string e164)
    {
        if (string.IsNullOrWhiteSpace(e164))
            return e164;
        try
        {
            var number = Util.Parse(e164, "FR");
            var region = Util.GetRegionCodeForNumber(number);
            if (region is null || !Regions.Contains(region) || !Util.IsValidNumberForRegion(number, region))
                return e164;
            var significant = Util.GetNationalSignificantNumber(number);
            return significant.Length == 9 ? Pairs("0" + significant) : Util.Format(number, PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    private static string Pairs(string digits) =>
        string.Join(' ', Enumerable.Range(0, digits.Length / 2).Select(i => digits.Substring(i * 2, 2)));
}
