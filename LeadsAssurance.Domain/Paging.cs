namespace LeadsAssurance.Domain;

/// <summary>
/// The bounds every paged list accepts. <see cref="MaxPage"/> keeps the offset within an int at the largest page size, 200 (page
/// 2,147,483,647 was a 500) while leaving room for 50 million leads at 50 per page.
/// </summary>
public static class Paging
{
    public const int MaxPage = 1_000_000;

    /// <summary>Adds the French errors of <paramref name="page"/> and <paramref name="pageSize"/>, named as the API's query parameters.</summary>
    public static void Check(int page, int pageSize, int maxPageSize, IDictionary<string, string[]> errors)
    {
        if (page is < 1 or > MaxPage)
            errors["page"] = [$"La page doit être comprise entre 1 et {MaxPage} ({page} reçu)."];
        if (pageSize < 1 || pageSize > maxPageSize)
            errors["pageSize"] = [$"La taille de page doit être comprise entre 1 et {maxPageSize} ({pageSize} reçu)."];
    }

    /// <summary>How many rows come before the page.</summary>
    public static int Offset(int page, int pageSize) => (page - 1) * pageSize;
}
