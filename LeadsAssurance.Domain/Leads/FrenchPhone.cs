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

    /// <summary>"+33612345678" → "06 12 34 56 78" (the national format people dial; never read as a formula by a spreadsheet).</summary>
    public static string Display(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, "FR"), PhoneNumberFormat.NATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }
}
