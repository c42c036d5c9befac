namespace LeadsAssurance.Domain.Consent;

/// <summary>The single row that serialises appends to the consent chain (locked FOR UPDATE by each append).</summary>
public class ConsentChainHead
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public int Id { get; set; } = 1;
    public long Position { get; set; }
    public string Hash { get; set; } = GenesisHash;
}
