namespace LeadsAssurance.Web.Components.Shared;

/// <summary>Where a broker's pages link his wallet's documents (PaymentEndpoints serves them).</summary>
public static class WalletDocuments
{
    /// <summary>The statement of the Paris month starting on <paramref name="month"/>, as a PDF.</summary>
    public static string Statement(DateOnly month) => $"/api/v1/credits/statements/{month:yyyy-MM}.pdf";

    /// <summary>The receipt of a top-up, by its ledger entry, as a PDF.</summary>
    public static string Receipt(long entryId) => $"/api/v1/credits/receipts/{entryId}.pdf";
}
