namespace LeadsAssurance.Domain.Privacy.Opposition;

/// <summary>
/// A phone or an e-mail address whose owner refuses prospecting, kept only as its keyed digest
/// (<see cref="ContactDigests"/>): the list never holds the contact in clear. Added once, by the first list that named it.
/// </summary>
public class OppositionEntry
{
    private OppositionEntry() { }

    public byte[] Digest { get; private set; } = [];
    public ContactKind Kind { get; private set; }
    /// <summary>The <see cref="OppositionListVersion"/> (by id) that added it.</summary>
    public int ListId { get; private set; }
    public DateTimeOffset AddedAt { get; private set; }
}

/// <summary>Where entries came from.</summary>
public static class OppositionSources
{
    /// <summary>A file the admin uploaded (the Bloctel list, or any other).</summary>
    public const string File = "file";
    /// <summary>Entries the admin typed, or an admin API call.</summary>
    public const string Manual = "manual";
    /// <summary>A person's erasure (GDPR art. 17): nobody erased is offered for sale again.</summary>
    public const string Erasure = "erasure";
    /// <summary>A person who asked on the public page not to be prospected (GDPR art. 21).</summary>
    public const string Person = "person";

    public static string Label(string source) => source switch
    {
        File => "Fichier",
        Manual => "Ajout manuel",
        Erasure => "Effacement (RGPD)",
        Person => "Demande de la personne",
        _ => source,
    };
}
